import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { call } from "../../support/http.js";
import { addMember, auditActions } from "../../support/members.js";
import { expectScimError, scim, scimOrg, URN_ENTERPRISE, URN_USER, type ScimOrg } from "./support.js";

const ctx = useTestContext();
let n = 0;
const email = () => `scim${Date.now().toString(36)}${n++}@example.com`;

async function createUser(o: ScimOrg, extra: Record<string, unknown> = {}) {
  const userName = email();
  const res = await scim(ctx, o, "POST", "/Users", {
    schemas: [URN_USER, URN_ENTERPRISE],
    userName,
    externalId: `ext-${userName}`,
    name: { givenName: "Ada", familyName: "Lovelace" },
    displayName: "Ada Lovelace",
    emails: [{ value: userName, type: "work", primary: true }],
    active: true,
    [URN_ENTERPRISE]: { department: "Engineering", employeeNumber: "42" },
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const membership = (o: ScimOrg, userId: string) =>
  ctx.db.selectFrom("memberships").select(["state", "deauthorize_at", "role"]).where("organization_id", "=", o.organizationId).where("user_id", "=", userId).executeTakeFirst();

describe("SCIM Users: create and read", () => {
  it("POST provisions a person with no account (placeholder, pending) and answers 201 with Location and the resource", async () => {
    const o = await scimOrg(ctx);
    const user = await createUser(o);
    expect(user.id).toMatch(/^usr_/);
    expect(user.schemas).toEqual([URN_USER, URN_ENTERPRISE]);
    expect(user).toMatchObject({ displayName: "Ada Lovelace", active: true, name: { givenName: "Ada", familyName: "Lovelace" } });
    expect(user[URN_ENTERPRISE]).toEqual({ department: "Engineering", employeeNumber: "42" });
    expect(user.meta).toMatchObject({ resourceType: "User", location: `http://handoff.test/scim/v2/Users/${user.id}` });
    expect((await membership(o, user.id))?.state).toBe("pending");
    const provision = await ctx.db.selectFrom("provisions").select(["status", "email"]).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(provision).toEqual({ status: "pending", email: user.userName });
    const got = await scim(ctx, o, "GET", `/Users/${user.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toContain("application/scim+json");
    expect(got.body).toEqual(user);
    const actions = (await auditActions(ctx, o, user.id)).map((e) => e.action);
    expect(actions).toContain("scim.user_linked");
    const linked = (await auditActions(ctx, o, user.id)).find((e) => e.action === "scim.user_linked")!;
    expect(linked.actor_type).toBe("scim_token");
  });

  it("POST with an existing account's email makes them join (awaiting confirmation when the policy asks)", async () => {
    const o = await scimOrg(ctx);
    const other = await scimOrg(ctx);
    const existing = await addMember(ctx, other, {});
    await ctx.db.updateTable("organizations").set({ confirmation_required: true }).where("id", "=", o.organizationId).execute();
    const res = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: existing.email.toUpperCase() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.id).toBe(existing.userId);
    expect((await membership(o, existing.userId))?.state).toBe("awaiting_confirmation");
    // Nothing changed for them in the other organization.
    expect((await membership(other, existing.userId))?.state).toBe("active");
  });

  it("accepts application/json too, and a body with the enterprise URN in schemas but no extension", async () => {
    const o = await scimOrg(ctx);
    const res = await call(ctx, "POST", "/scim/v2/Users", { key: o.token, body: { schemas: [URN_USER], userName: email() } });
    expect(res.status).toBe(201);
    expect(res.body.schemas).toEqual([URN_USER]);
  });

  it("a member no identity provider touched is listed from their account (userName = email, work email, displayName)", async () => {
    const o = await scimOrg(ctx);
    const m = await addMember(ctx, o, { name: "Manual Person" });
    const got = await scim(ctx, o, "GET", `/Users/${m.userId}`);
    expect(got.body).toMatchObject({ userName: m.email, displayName: "Manual Person", active: true, emails: [{ value: m.email, type: "work", primary: true }] });
    expect(got.body.externalId).toBeUndefined();
  });

  it("lists groups a user belongs to (read-only)", async () => {
    const o = await scimOrg(ctx);
    const user = await createUser(o);
    const group = await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: "Readers" } });
    await call(ctx, "PUT", `/v1/team/groups/${group.body.id}/members/${user.id}`, { key: o.adminKey });
    const got = await scim(ctx, o, "GET", `/Users/${user.id}`);
    expect(got.body.groups).toEqual([{ value: group.body.id, display: "Readers", $ref: `http://handoff.test/scim/v2/Groups/${group.body.id}` }]);
  });
});

describe("SCIM Users: replace, deactivate, delete", () => {
  it("PUT replaces the profile: omitted optional attributes are gone; active false suspends with immediate deauthorization", async () => {
    const o = await scimOrg(ctx);
    const user = await createUser(o);
    const res = await scim(ctx, o, "PUT", `/Users/${user.id}`, { schemas: [URN_USER], userName: user.userName, displayName: "Ada L.", active: false });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe("Ada L.");
    expect(res.body.name).toBeUndefined();
    expect(res.body[URN_ENTERPRISE]).toBeUndefined();
    expect(res.body.externalId).toBeUndefined();
    expect(res.body.active).toBe(false);
    const m = await membership(o, user.id);
    expect(m?.state).toBe("suspended");
    expect(m?.deauthorize_at?.getTime()).toBe(ctx.clock.now().getTime());
    const back = await scim(ctx, o, "PUT", `/Users/${user.id}`, { schemas: [URN_USER], userName: user.userName, active: "True" });
    expect(back.body.active).toBe(true);
    expect((await membership(o, user.id))?.state).toBe("pending");
  });

  it("DELETE suspends and deletes the member (204), then the user is a 404; their account elsewhere stays", async () => {
    const o = await scimOrg(ctx);
    const other = await scimOrg(ctx);
    const m = await addMember(ctx, other, {});
    const joined = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: m.email });
    const res = await scim(ctx, o, "DELETE", `/Users/${joined.body.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectScimError(await scim(ctx, o, "GET", `/Users/${joined.body.id}`), 404);
    expect(await membership(o, m.userId)).toBeUndefined();
    expect((await membership(other, m.userId))?.state).toBe("active");
    const actions = (await auditActions(ctx, o, m.userId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.suspended", "member.deleted"]));
    expectScimError(await scim(ctx, o, "DELETE", `/Users/${joined.body.id}`), 404);
  });

  it("DELETE of a provisioned placeholder cancels its provision", async () => {
    const o = await scimOrg(ctx);
    const user = await createUser(o);
    expect((await scim(ctx, o, "DELETE", `/Users/${user.id}`)).status).toBe(204);
    expect(await ctx.db.selectFrom("users").select("id").where("id", "=", user.id).executeTakeFirst()).toBeUndefined();
  });
});

describe("SCIM Users: errors", () => {
  it("409 uniqueness on a taken userName (any case), on POST, PUT and PATCH", async () => {
    const o = await scimOrg(ctx);
    const a = await createUser(o);
    const b = await createUser(o);
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: a.userName.toUpperCase() }), 409, "uniqueness");
    expectScimError(await scim(ctx, o, "PUT", `/Users/${b.id}`, { schemas: [URN_USER], userName: a.userName }), 409, "uniqueness");
    expectScimError(await scim(ctx, o, "PATCH", `/Users/${b.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "userName", value: a.userName }] }), 409, "uniqueness");
    const manual = await addMember(ctx, o, {});
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: manual.email }), 409, "uniqueness");
  });

  it("400 invalidValue for a missing userName, a userName that is no email, a wrong type; 400 invalidSyntax for bad JSON; 415 for another type", async () => {
    const o = await scimOrg(ctx);
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER] }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: "not-an-email" }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: email(), active: "maybe" }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: email(), emails: "x" }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "POST", "/Users", "{not json"), 400, "invalidSyntax");
    expectScimError(await scim(ctx, o, "POST", "/Users", "[1]"), 400, "invalidSyntax");
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: "a\u0000@x.io" }), 400);
    expectScimError(await scim(ctx, o, "POST", "/Users", "userName=x", { "content-type": "text/plain" }), 415);
    expectScimError(await scim(ctx, o, "POST", "/Users", { userName: "x".repeat(2_000_000) }), 413);
  });

  it("404 for an unknown id, a malformed id and another organization's user", async () => {
    const o = await scimOrg(ctx);
    const other = await scimOrg(ctx);
    const theirs = await createUser(other);
    expectScimError(await scim(ctx, o, "GET", "/Users/usr_unknown"), 404);
    expectScimError(await scim(ctx, o, "GET", "/Users/%00bad"), 404);
    expectScimError(await scim(ctx, o, "GET", `/Users/${theirs.id}`), 404);
    expectScimError(await scim(ctx, o, "PATCH", `/Users/${theirs.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] }), 404);
    expectScimError(await scim(ctx, o, "DELETE", `/Users/${theirs.id}`), 404);
    expect((await membership(other, theirs.id))?.state).toBe("pending");
  });

  it("the last active owner cannot be deactivated or deleted through SCIM (409 mutability)", async () => {
    const o = await scimOrg(ctx);
    const owner = await addMember(ctx, o, { role: "owner" });
    const res = await scim(ctx, o, "PATCH", `/Users/${owner.userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] });
    expectScimError(res, 409, "mutability");
    expect((await membership(o, owner.userId))?.state).toBe("active");
  });
});

describe("SCIM Users: security", () => {
  it("a suspended member's keys stop at once when SCIM deactivates them", async () => {
    const o = await scimOrg(ctx);
    const created = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { role: "member", email: email() } });
    expect((await call(ctx, "GET", "/v1/me", { key: created.body.apiKey })).status).toBe(200);
    const res = await scim(ctx, o, "PATCH", `/Users/${created.body.userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(res.status).toBe(200);
    expect((await call(ctx, "GET", "/v1/me", { key: created.body.apiKey })).status).toBe(401);
  });
});
