import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { auditActions } from "../../support/members.js";
import { expectScimError, patchOp, scim, scimOrg, URN_ENTERPRISE, URN_USER, type ScimOrg } from "./support.js";

const ctx = useTestContext();
let n = 0;

async function user(o: ScimOrg) {
  const userName = `patch${Date.now().toString(36)}${n++}@example.com`;
  const res = await scim(ctx, o, "POST", "/Users", {
    schemas: [URN_USER, URN_ENTERPRISE],
    userName,
    name: { givenName: "Grace", familyName: "Hopper" },
    displayName: "Grace Hopper",
    title: "Admiral",
    emails: [{ value: userName, type: "work", primary: true }, { value: `home-${userName}`, type: "home" }],
    [URN_ENTERPRISE]: { department: "Navy", costCenter: "CC-1" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const patch = (o: ScimOrg, id: string, ...ops: unknown[]) => scim(ctx, o, "PATCH", `/Users/${id}`, patchOp(...ops));
const stateOf = async (o: ScimOrg, id: string) =>
  (await ctx.db.selectFrom("memberships").select("state").where("organization_id", "=", o.organizationId).where("user_id", "=", id).executeTakeFirstOrThrow()).state;

describe("SCIM PATCH: every form answers 200 with the resource", () => {
  it("add / replace / remove with a simple path", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    let res = await patch(o, u.id, { op: "add", path: "nickName", value: "Amazing Grace" });
    expect(res.status).toBe(200);
    expect(res.body.nickName).toBe("Amazing Grace");
    res = await patch(o, u.id, { op: "replace", path: "displayName", value: "G. Hopper" });
    expect(res.body.displayName).toBe("G. Hopper");
    res = await patch(o, u.id, { op: "remove", path: "title" });
    expect(res.body.title).toBeUndefined();
    // Removed optional attributes stay gone on a later GET.
    expect((await scim(ctx, o, "GET", `/Users/${u.id}`)).body.title).toBeUndefined();
  });

  it("sub-attribute paths, value filters on multi-valued attributes, and whole-URN extension paths", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    let res = await patch(o, u.id, { op: "replace", path: "name.givenName", value: "Gracie" });
    expect(res.body.name).toEqual({ givenName: "Gracie", familyName: "Hopper" });
    res = await patch(o, u.id, { op: "replace", path: 'emails[type eq "work"].value', value: "new@example.com" });
    expect(res.body.emails.find((e: { type: string }) => e.type === "work").value).toBe("new@example.com");
    res = await patch(o, u.id, { op: "remove", path: 'emails[type eq "home"]' });
    expect(res.body.emails).toHaveLength(1);
    res = await patch(o, u.id, { op: "replace", path: `${URN_ENTERPRISE}:department`, value: "Research" });
    expect(res.body[URN_ENTERPRISE]).toEqual({ department: "Research", costCenter: "CC-1" });
    res = await patch(o, u.id, { op: "remove", path: `${URN_ENTERPRISE}:costCenter` });
    expect(res.body[URN_ENTERPRISE]).toEqual({ department: "Research" });
    res = await patch(o, u.id, { op: "add", path: `${URN_USER}:title`, value: "Rear Admiral" });
    expect(res.body.title).toBe("Rear Admiral");
    res = await patch(o, u.id, { op: "remove", path: URN_ENTERPRISE });
    expect(res.body[URN_ENTERPRISE]).toBeUndefined();
    expect(res.body.schemas).toEqual([URN_USER]);
  });

  it("add and replace without a path (an object of attributes, its keys may be paths)", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    let res = await patch(o, u.id, { op: "add", value: { nickName: "Grace", "name.middleName": "Brewster", [`${URN_ENTERPRISE}:division`]: "Computing" } });
    expect(res.body.nickName).toBe("Grace");
    expect(res.body.name.middleName).toBe("Brewster");
    expect(res.body[URN_ENTERPRISE].division).toBe("Computing");
    res = await patch(o, u.id, { op: "replace", value: { displayName: "Admiral Hopper", externalId: "EXT-9" } });
    expect(res.body).toMatchObject({ displayName: "Admiral Hopper", externalId: "EXT-9" });
    const events = (await auditActions(ctx, o, u.id)).filter((e) => e.action === "scim.user_updated");
    expect(events.map((e) => e.metadata)).toContainEqual({ changed: ["displayName", "externalId"] });
    expect(events).toHaveLength(2);
  });

  it("Okta: replace active without a path; Entra: \"Replace\" with \"False\"/\"True\" strings; both idempotent", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    let res = await patch(o, u.id, { op: "replace", value: { active: false } });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await stateOf(o, u.id)).toBe("suspended");
    res = await patch(o, u.id, { op: "Replace", path: "active", value: "False" });
    expect(res.body.active).toBe(false);
    res = await patch(o, u.id, { op: "Replace", path: "active", value: "True" });
    expect(res.body.active).toBe(true);
    expect(await stateOf(o, u.id)).toBe("pending");
    const actions = (await auditActions(ctx, o, u.id)).map((e) => e.action).filter((a) => a.startsWith("member."));
    expect(actions.sort()).toEqual(["member.reactivated", "member.suspended"]);
  });

  it("Entra's manager as a bare id and its Add of several attributes in one request", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    const boss = await user(o);
    const res = await scim(ctx, o, "PATCH", `/Users/${u.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Add", path: `${URN_ENTERPRISE}:manager`, value: boss.id },
        { op: "Add", path: "title", value: "Commodore" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "grace@navy.example" },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body[URN_ENTERPRISE].manager).toEqual({ value: boss.id });
    expect(res.body.title).toBe("Commodore");
  });

  it("attributes= shapes the PATCH answer too", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    const res = await scim(ctx, o, "PATCH", `/Users/${u.id}?attributes=active`, patchOp({ op: "replace", path: "active", value: false }));
    expect(res.body).toEqual({ schemas: [URN_USER, URN_ENTERPRISE], id: u.id, active: false });
  });
});

describe("SCIM PATCH: errors", () => {
  it("refuses a body without Operations, an unknown op, remove without a path, a bad path, removing userName", async () => {
    const o = await scimOrg(ctx);
    const u = await user(o);
    expectScimError(await scim(ctx, o, "PATCH", `/Users/${u.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] }), 400, "invalidSyntax");
    expectScimError(await scim(ctx, o, "PATCH", `/Users/${u.id}`, { schemas: [URN_USER], Operations: [{ op: "add", path: "title", value: "x" }] }), 400, "invalidSyntax");
    expectScimError(await patch(o, u.id, { op: "move", path: "title" }), 400, "invalidSyntax");
    expectScimError(await patch(o, u.id, { op: "remove" }), 400, "noTarget");
    expectScimError(await patch(o, u.id, { op: "add", value: "x" }), 400, "invalidValue");
    expectScimError(await patch(o, u.id, { op: "replace", path: "emails[type eq", value: "x" }), 400);
    expectScimError(await patch(o, u.id, { op: "remove", path: "userName" }), 400, "invalidValue");
    expectScimError(await patch(o, u.id, { op: "replace", path: "active", value: "perhaps" }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "PATCH", `/Users/${u.id}`, patchOp(...Array.from({ length: 101 }, () => ({ op: "add", path: "title", value: "x" })))), 400, "tooMany");
  });
});
