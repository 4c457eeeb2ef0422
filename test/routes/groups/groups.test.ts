import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, builtinGroupId, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();
const createGroup = (key: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(ctx, "POST", "/v1/team/groups", { key, body, ...(headers ? { headers } : {}) });

describe("/v1/team/groups", () => {
  describe("happy", () => {
    it("every organization has the built-in Provision Managers group", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "GET", "/v1/team/groups", { key: o.adminKey });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        expect.objectContaining({ name: "Provision Managers", builtin: "provision_managers", permissions: ["provision", "confirm", "recover"], memberCount: 0 }),
      ]);
    });

    it("creates, renames and re-permissions a group; adding a member is idempotent and marked a raise", async () => {
      const o = await org(ctx);
      const created = await createGroup(o.adminKey, { name: "Auditors", description: "Read the trail", permissions: ["read_audit", "read_audit"] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: "Auditors", description: "Read the trail", permissions: ["read_audit"], builtin: null, memberCount: 0 });
      const id = created.body.id;
      expect(id).toMatch(/^grp_/);
      const m = await addMember(ctx, o);
      ctx.clock.advance(1);
      expect((await call(ctx, "PUT", `/v1/team/groups/${id}/members/${m.userId}`, { key: o.adminKey })).body.memberCount).toBe(1);
      expect((await call(ctx, "PUT", `/v1/team/groups/${id}/members/${m.userId}`, { key: o.adminKey })).body.memberCount).toBe(1);
      // The member now holds read_audit, so may list members.
      expect((await call(ctx, "GET", "/v1/team/members", { headers: asMember(m) })).status).toBe(200);
      ctx.clock.advance(1);
      const updated = await call(ctx, "PATCH", `/v1/team/groups/${id}`, { key: o.adminKey, body: { name: "Security", permissions: ["read_audit", "suspend"] } });
      expect(updated.body).toMatchObject({ name: "Security", permissions: ["suspend", "read_audit"] });
      const all = await auditActions(ctx, o, id);
      // A group gaining a permission while it has members raises them all: its alert names the group.
      expect(all.filter((e) => e.action === "alert.access_changed").map((e) => e.metadata)).toEqual([
        expect.objectContaining({ cause: "group.updated", userId: null, gained: { permissions: ["suspend", "read_audit"] } }),
      ]);
      const events = all.filter((e) => e.action !== "alert.access_changed");
      expect(events.map((e) => e.action)).toEqual(["group.created", "group.member_added", "group.updated"]);
      expect(events[1]!.metadata).toMatchObject({ userId: m.userId, privilegeRaise: true });
      expect(events[2]!.metadata).toMatchObject({ privilegeRaise: true });
      expect((await call(ctx, "DELETE", `/v1/team/groups/${id}/members/${m.userId}`, { key: o.adminKey })).body.memberCount).toBe(0);
      expect((await call(ctx, "DELETE", `/v1/team/groups/${id}/members/${m.userId}`, { key: o.adminKey })).status).toBe(200);
      expect((await call(ctx, "DELETE", `/v1/team/groups/${id}`, { key: o.adminKey })).status).toBe(204);
      expect((await call(ctx, "GET", "/v1/team/groups", { key: o.adminKey })).body.data).toHaveLength(1);
    });

    it("the built-in group can be edited and its members gain its permissions", async () => {
      const o = await org(ctx);
      const pm = await builtinGroupId(ctx, o);
      const m = await addMember(ctx, o);
      await call(ctx, "PUT", `/v1/team/groups/${pm}/members/${m.userId}`, { key: o.adminKey });
      const res = await call(ctx, "POST", "/v1/team/invitations", { headers: asMember(m), body: { role: "member" } });
      expect(res.status).toBe(201);
    });
  });

  describe("errors", () => {
    it("refuses a duplicate name in any case (409 group_name_taken)", async () => {
      const o = await org(ctx);
      const res = await createGroup(o.adminKey, { name: "provision managers" });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("group_name_taken");
    });

    it("refuses unknown permissions, empty names and extra fields (400)", async () => {
      const o = await org(ctx);
      for (const body of [{ name: "X", permissions: ["root"] }, { name: "" }, { name: "X", builtin: "yes" }]) {
        expect((await createGroup(o.adminKey, body)).status).toBe(400);
      }
    });

    it("built-in groups cannot be deleted (409)", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "DELETE", `/v1/team/groups/${await builtinGroupId(ctx, o)}`, { key: o.adminKey });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("builtin_group_protected");
    });

    it("answers 404 for an unknown group or a person outside the organization", async () => {
      const o = await org(ctx);
      expect((await call(ctx, "PATCH", "/v1/team/groups/grp_nope", { key: o.adminKey, body: { name: "Y" } })).status).toBe(404);
      expect((await call(ctx, "PUT", `/v1/team/groups/${await builtinGroupId(ctx, o)}/members/usr_nobody`, { key: o.adminKey })).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/groups" });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/groups", body: { name: "X" } });
    itRefusesBadCredentials(ctx, "admin", { method: "PATCH", path: "/v1/team/groups/grp_x", body: { name: "X" } });
    itRefusesBadCredentials(ctx, "admin", { method: "DELETE", path: "/v1/team/groups/grp_x" });
    itRefusesBadCredentials(ctx, "admin", { method: "PUT", path: "/v1/team/groups/grp_x/members/usr_x" });
    itRefusesBadCredentials(ctx, "admin", { method: "DELETE", path: "/v1/team/groups/grp_x/members/usr_x" });
    itGuardsTeamSessions(ctx, "any", () => ({ method: "GET", path: "/v1/team/groups" }));
    itGuardsTeamSessions(ctx, "manage_groups", () => ({ method: "POST", path: "/v1/team/groups", body: { name: "X" } }));
    itGuardsTeamSessions(ctx, "manage_groups", async (o) => ({ method: "PATCH", path: `/v1/team/groups/${await builtinGroupId(ctx, o)}`, body: { name: "Y" } }));
    itGuardsTeamSessions(ctx, "manage_groups", async (o) => ({
      method: "DELETE",
      path: `/v1/team/groups/${(await createGroup(o.adminKey, { name: "Tmp" })).body.id}`,
    }));
    itGuardsTeamSessions(ctx, "manage_groups", async (o) => ({ method: "PUT", path: `/v1/team/groups/${await builtinGroupId(ctx, o)}/members/${(await addMember(ctx, o)).userId}` }));
    itGuardsTeamSessions(ctx, "manage_groups", async (o) => ({ method: "DELETE", path: `/v1/team/groups/${await builtinGroupId(ctx, o)}/members/${(await addMember(ctx, o)).userId}` }));

    it("nothing grants more than its giver holds: an admin cannot hand out `delete` kept for owners", async () => {
      const o = await org(ctx);
      await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { deletePermission: "owners" } });
      const admin = await addMember(ctx, o, { role: "admin" });
      const refused = await createGroup(undefined, { name: "Deleters", permissions: ["delete"] }, asMember(admin));
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain("delete");
      const g = await createGroup(o.adminKey, { name: "Deleters", permissions: ["delete"] });
      const selfGrant = await call(ctx, "PUT", `/v1/team/groups/${g.body.id}/members/${admin.userId}`, { headers: asMember(admin) });
      expect(selfGrant.status).toBe(403);
      expect(selfGrant.body.code).toBe("permission_required");
    });

    it("another organization's group answers 404", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const theirs = await builtinGroupId(ctx, other);
      expect((await call(ctx, "PATCH", `/v1/team/groups/${theirs}`, { key: o.adminKey, body: { name: "Mine" } })).status).toBe(404);
      const m = await addMember(ctx, o);
      expect((await call(ctx, "PUT", `/v1/team/groups/${theirs}/members/${m.userId}`, { key: o.adminKey })).status).toBe(404);
    });
  });
});
