import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions } from "../../support/members.js";
import { expectScimError, patchOp, scim, scimOrg, URN_GROUP, URN_USER, type ScimOrg } from "./support.js";

const ctx = useTestContext();
let n = 0;

async function user(o: ScimOrg) {
  const res = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: `g${Date.now().toString(36)}${n++}@example.com`, displayName: `Person ${n}` });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const memberIds = (body: { members?: { value: string }[] }) => (body.members ?? []).map((m) => m.value).sort();

describe("SCIM Groups", () => {
  it("POST creates a Handoff group with members by value; GET lists it, filters by displayName, reads it", async () => {
    const o = await scimOrg(ctx);
    const [a, b] = [await user(o), await user(o)];
    const res = await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "Engineering", externalId: "aad-1", members: [{ value: a }, { value: b }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("location")).toBe(`http://handoff.test/scim/v2/Groups/${res.body.id}`);
    expect(res.body).toMatchObject({ schemas: [URN_GROUP], displayName: "Engineering", externalId: "aad-1", meta: { resourceType: "Group" } });
    expect(memberIds(res.body)).toEqual([a, b].sort());
    expect(res.body.members[0]).toMatchObject({ type: "User", $ref: expect.stringContaining("/scim/v2/Users/") });
    const listed = await scim(ctx, o, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}&excludedAttributes=members`);
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources[0].members).toBeUndefined();
    const all = await scim(ctx, o, "GET", "/Groups");
    // The built-in Provision Managers group is there too.
    expect(all.body.Resources.map((g: { displayName: string }) => g.displayName).sort()).toEqual(["Engineering", "Provision Managers"]);
    expect((await scim(ctx, o, "GET", `/Groups?filter=${encodeURIComponent('externalId eq "aad-1"')}`)).body.totalResults).toBe(1);
    expect((await scim(ctx, o, "GET", `/Groups?filter=${encodeURIComponent(`members[value eq "${a}"]`)}`)).body.totalResults).toBe(1);
    expect((await scim(ctx, o, "GET", `/Groups/${res.body.id}`)).body).toEqual(res.body);
    // The user shows the group.
    expect((await scim(ctx, o, "GET", `/Users/${a}`)).body.groups[0]).toMatchObject({ value: res.body.id, display: "Engineering" });
  });

  it("PATCH adds and removes members (Okta's value list, Entra's members[value eq] filter and value-list remove), renames", async () => {
    const o = await scimOrg(ctx);
    const [a, b, c] = [await user(o), await user(o), await user(o)];
    const g = (await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "Ops" })).body;
    let res = await scim(ctx, o, "PATCH", `/Groups/${g.id}`, patchOp({ op: "add", path: "members", value: [{ value: a }, { value: b }, { value: c }] }));
    expect(res.status).toBe(200);
    expect(memberIds(res.body)).toEqual([a, b, c].sort());
    res = await scim(ctx, o, "PATCH", `/Groups/${g.id}`, patchOp({ op: "Remove", path: `members[value eq "${a}"]` }));
    expect(memberIds(res.body)).toEqual([b, c].sort());
    res = await scim(ctx, o, "PATCH", `/Groups/${g.id}`, patchOp({ op: "Remove", path: "members", value: [{ value: b }] }));
    expect(memberIds(res.body)).toEqual([c]);
    res = await scim(ctx, o, "PATCH", `/Groups/${g.id}`, patchOp({ op: "Replace", value: { id: g.id, displayName: "Operations" } }));
    expect(res.body.displayName).toBe("Operations");
    res = await scim(ctx, o, "PATCH", `/Groups/${g.id}`, patchOp({ op: "replace", path: "members", value: [{ value: a }] }));
    expect(memberIds(res.body)).toEqual([a]);
    const actions = (await auditActions(ctx, o, g.id)).map((e) => e.action);
    expect(actions.filter((x) => x === "group.member_added")).toHaveLength(4);
    expect(actions.filter((x) => x === "group.member_removed")).toHaveLength(3);
  });

  it("membership from the identity provider grants the group's permissions", async () => {
    const o = await scimOrg(ctx);
    const m = await addMember(ctx, o, {});
    const group = await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: "Auditors", permissions: ["read_audit"] } });
    const before = await call(ctx, "GET", "/v1/team/groups", { headers: asMember(m) });
    expect(before.status).toBe(403);
    const res = await scim(ctx, o, "PATCH", `/Groups/${group.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: m.userId }] }));
    expect(res.status).toBe(200);
    expect((await call(ctx, "GET", "/v1/team/groups", { headers: asMember(m) })).status).toBe(200);
    const added = (await auditActions(ctx, o, group.body.id)).find((e) => e.action === "group.member_added");
    expect(added?.metadata).toMatchObject({ userId: m.userId, privilegeRaise: true });
  });

  it("PUT replaces name, externalId and members; DELETE removes the group (204)", async () => {
    const o = await scimOrg(ctx);
    const [a, b] = [await user(o), await user(o)];
    const g = (await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "Sales", members: [{ value: a }] })).body;
    const res = await scim(ctx, o, "PUT", `/Groups/${g.id}`, { schemas: [URN_GROUP], displayName: "Sales EMEA", externalId: "x-9", members: [{ value: b }] });
    expect(res.body).toMatchObject({ displayName: "Sales EMEA", externalId: "x-9" });
    expect(memberIds(res.body)).toEqual([b]);
    expect((await scim(ctx, o, "DELETE", `/Groups/${g.id}`)).status).toBe(204);
    expectScimError(await scim(ctx, o, "GET", `/Groups/${g.id}`), 404);
  });

  it("errors: a taken name (409 uniqueness), a missing displayName, a member from elsewhere (400), the built-in group (409), unknown ids (404)", async () => {
    const o = await scimOrg(ctx);
    const other = await scimOrg(ctx);
    const outsider = await user(other);
    await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "Legal" });
    expectScimError(await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "LEGAL" }), 409, "uniqueness");
    expectScimError(await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP] }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "X", members: [{ value: outsider }] }), 400, "invalidValue");
    expect((await scim(ctx, o, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "X"')}`)).body.totalResults).toBe(0);
    const builtin = (await scim(ctx, o, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "Provision Managers"')}`)).body.Resources[0];
    expectScimError(await scim(ctx, o, "DELETE", `/Groups/${builtin.id}`), 409, "mutability");
    expectScimError(await scim(ctx, o, "GET", "/Groups/grp_nope"), 404);
    expectScimError(await scim(ctx, o, "PATCH", "/Groups/grp_nope", patchOp({ op: "add", path: "members", value: [] })), 404);
    expectScimError(await scim(ctx, o, "DELETE", "/Groups/grp_nope"), 404);
    const theirs = (await scim(ctx, other, "POST", "/Groups", { schemas: [URN_GROUP], displayName: "Theirs" })).body;
    expectScimError(await scim(ctx, o, "GET", `/Groups/${theirs.id}`), 404);
    expectScimError(await scim(ctx, o, "DELETE", `/Groups/${theirs.id}`), 404);
  });
});
