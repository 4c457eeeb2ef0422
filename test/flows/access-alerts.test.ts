// Raises of privilege write an `alert.access_changed` event beside the change, in its transaction:
// a member made admin or owner, a group gaining a permission, a person put in a group granting more,
// a policy weakened. Demotions and no-op changes do not alert.
import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org, type Org } from "../support/factories.js";
import { call } from "../support/http.js";
import { addMember } from "../support/members.js";

const ctx = useTestContext();

async function alerts(o: Org) {
  const rows = await ctx.db
    .selectFrom("audit_events")
    .select(["target_id", "metadata"])
    .where("organization_id", "=", o.organizationId)
    .where("action", "=", "alert.access_changed")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ target: r.target_id, ...(r.metadata as Record<string, any>) }) as Record<string, any>);
}

describe("alerts on access changes", () => {
  it("member made admin, then owner: two alerts; a demotion none", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "admin" } });
    ctx.clock.advance(1);
    await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "owner" } });
    ctx.clock.advance(1);
    await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "member" } });
    expect((await alerts(o)).map((a) => [a.cause, a.gained])).toEqual([
      ["member.role_changed", { role: "admin" }],
      ["member.role_changed", { role: "owner" }],
    ]);
  });

  it("a person put in a group that grants more, and a group gaining a permission while it has members", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    const g = (await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: "Ops", permissions: ["suspend"] } })).body;
    await call(ctx, "PUT", `/v1/team/groups/${g.id}/members/${m.userId}`, { key: o.adminKey });
    ctx.clock.advance(1);
    await call(ctx, "PATCH", `/v1/team/groups/${g.id}`, { key: o.adminKey, body: { permissions: ["suspend", "delete"] } });
    ctx.clock.advance(1);
    await call(ctx, "PATCH", `/v1/team/groups/${g.id}`, { key: o.adminKey, body: { permissions: ["suspend"] } });
    const found = await alerts(o);
    expect(found.map((a) => a.cause)).toEqual(["group.member_added", "group.updated"]);
    expect(found[0]).toMatchObject({ target: m.userId, userId: m.userId, causeEventId: expect.stringMatching(/^evt_/) });
    expect(found[1]).toMatchObject({ target: g.id, gained: { permissions: ["suspend", "delete"] } });
  });

  it("a policy weakened: admins may delete, or confirmation no longer required", async () => {
    const o = await org(ctx);
    await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { deletePermission: "owners", confirmationRequired: true } });
    expect(await alerts(o)).toEqual([]);
    ctx.clock.advance(1);
    await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { deletePermission: "admins" } });
    ctx.clock.advance(1);
    await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { confirmationRequired: false } });
    expect((await alerts(o)).map((a) => a.cause)).toEqual(["policy.updated", "policy.updated"]);
  });

  it("the alert is in the audit trail API and rolls back with its change", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "admin" } });
    const res = await call(ctx, "GET", "/v1/team/audit-events?action=alert.access_changed", { key: o.adminKey });
    expect(res.body.data).toEqual([expect.objectContaining({ action: "alert.access_changed", target: { type: "user", id: m.userId } })]);
    expect(res.body.data[0].metadata.summary).toContain("was made admin");
    // A refused change (the last owner cannot be demoted) leaves neither event nor alert.
    const owner = await addMember(ctx, o, { role: "owner" });
    const before = (await alerts(o)).length;
    const refused = await call(ctx, "PATCH", `/v1/team/members/${owner.userId}`, { key: o.adminKey, body: { role: "member" } });
    expect(refused.status).toBe(409);
    expect(await alerts(o)).toHaveLength(before);
  });

  it("an organization key or OAuth app that can change people or access alerts; a read-only one does not", async () => {
    const o = await org(ctx);
    const create = async (path: string, scopes: string[]) => {
      const res = await call(ctx, "POST", path, { key: o.adminKey, body: { name: scopes.join(" "), scopes } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ctx.clock.advance(1);
    };
    await create("/v1/team/api-keys", ["members:read", "audit:read", "provisions:read"]);
    await create("/v1/team/oauth-apps", ["users.list", "users.get"]);
    expect(await alerts(o)).toEqual([]);
    await create("/v1/team/api-keys", ["members:read", "members:write"]);
    await create("/v1/team/oauth-apps", ["users.list", "users.suspend"]);
    const raised = await alerts(o);
    expect(raised.map((a) => [a.cause, a.gained])).toEqual([
      ["organization_api_key.created", { scopes: ["members:read", "members:write"] }],
      ["oauth_app.created", { scopes: ["users.list", "users.suspend"] }],
    ]);
    expect(raised[0]!.summary).toMatch(/^An organization API key key_\w+ that can change people or access \(members:write\) was created by /);
    expect(raised[1]!.summary).toMatch(/^An OAuth app \w+ that can change people or access \(users.suspend\) was created by /);
  });
});
