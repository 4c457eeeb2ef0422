import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();
const del = (key: string | undefined, userId: string, query = "", headers?: Record<string, string>) =>
  call(ctx, "DELETE", `/v1/team/members/${userId}${query}`, { key, ...(headers ? { headers } : {}) });
const suspend = (key: string, userId: string) => call(ctx, "POST", `/v1/team/members/${userId}/suspend`, { key, body: {} });

/** A real member owning a project with a working key (a claimed provision moved to them). */
async function memberWithProject(o: Awaited<ReturnType<typeof org>>) {
  const m = await addMember(ctx, o);
  const p = await provision(ctx, o);
  await ctx.db.updateTable("projects").set({ owner_user_id: m.userId }).where("id", "=", p.projectId).execute();
  await ctx.db.updateTable("provisions").set({ status: "claimed", claimed_by_user_id: m.userId }).where("id", "=", p.id).execute();
  await ctx.db.deleteFrom("memberships").where("user_id", "=", p.userId).execute();
  await ctx.db.deleteFrom("users").where("id", "=", p.userId).execute();
  ctx.deps.keyCache.invalidateProject(p.projectId);
  return { m, p };
}

describe("DELETE /v1/team/members/{userId}", () => {
  describe("happy", () => {
    it("deletes a suspended member with their projects and keys; their account stays", async () => {
      const o = await org(ctx);
      const { m, p } = await memberWithProject(o);
      await suspend(o.adminKey, m.userId);
      ctx.clock.advance(1000);
      const res = await del(o.adminKey, m.userId);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ userId: m.userId, projectsTransferred: [], projectsDeleted: [p.projectId] });
      expect(await ctx.db.selectFrom("projects").select("id").where("id", "=", p.projectId).executeTakeFirst()).toBeUndefined();
      expect(await ctx.db.selectFrom("users").select("id").where("id", "=", m.userId).executeTakeFirst()).toBeDefined();
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
      expect((await auditActions(ctx, o, m.userId)).map((e) => e.action)).toEqual(["member.suspended", "member.deleted"]);
    });

    it("moves the projects, agents and keys to the named active member: the key keeps working", async () => {
      const o = await org(ctx);
      const { m, p } = await memberWithProject(o);
      const heir = await addMember(ctx, o);
      await suspend(o.adminKey, m.userId);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
      const res = await del(o.adminKey, m.userId, `?transferProjectsTo=${heir.userId}`);
      expect(res.body).toEqual({ userId: m.userId, projectsTransferred: [p.projectId], projectsDeleted: [] });
      const project = await ctx.db.selectFrom("projects").select("owner_user_id").where("id", "=", p.projectId).executeTakeFirstOrThrow();
      expect(project.owner_user_id).toBe(heir.userId);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });

    it("a suspended placeholder goes with its pending provision (cancelled) and everything it created", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await suspend(o.adminKey, p.userId);
      expect((await del(o.adminKey, p.userId)).status).toBe(200);
      expect(await ctx.db.selectFrom("users").select("id").where("id", "=", p.userId).executeTakeFirst()).toBeUndefined();
      const prov = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(prov.body.status).toBe("cancelled");
    });

    it("a person in two organizations is deleted from one only", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      const m = await addMember(ctx, a);
      await ctx.db.insertInto("memberships").values({ organization_id: b.organizationId, user_id: m.userId, role: "admin", created_at: ctx.clock.now() }).execute();
      await suspend(a.adminKey, m.userId);
      expect((await del(a.adminKey, m.userId)).status).toBe(200);
      const left = await ctx.db.selectFrom("memberships").select(["organization_id", "state", "role"]).where("user_id", "=", m.userId).execute();
      expect(left).toEqual([{ organization_id: b.organizationId, state: "active", role: "admin" }]);
    });
  });

  describe("errors", () => {
    it("only a suspended member can be deleted (409 member_not_suspended)", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const res = await del(o.adminKey, m.userId);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("member_not_suspended");
    });

    it("projects go only to an active member of this organization (409 transfer_target_invalid)", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const suspended = await addMember(ctx, o, { state: "suspended" });
      const outsider = await addMember(ctx, await org(ctx));
      await suspend(o.adminKey, m.userId);
      for (const to of [m.userId, suspended.userId, outsider.userId, "usr_nobody"]) {
        const res = await del(o.adminKey, m.userId, `?transferProjectsTo=${to}`);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe("transfer_target_invalid");
      }
    });

    it("with deletePermission=owners an admin lacks `delete` (403 naming it); an owner may", async () => {
      const o = await org(ctx);
      await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { deletePermission: "owners" } });
      const admin = await addMember(ctx, o, { role: "admin" });
      const owner = await addMember(ctx, o, { role: "owner" });
      const m = await addMember(ctx, o, { state: "suspended" });
      const refused = await del(undefined, m.userId, "", asMember(admin));
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: "permission_required" });
      expect(refused.body.detail).toContain("delete");
      expect((await del(undefined, m.userId, "", asMember(owner))).status).toBe(200);
    });

    it("answers 404 for an unknown member", async () => {
      const o = await org(ctx);
      expect((await del(o.adminKey, "usr_nobody")).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "DELETE", path: "/v1/team/members/usr_x" });
    itGuardsTeamSessions(ctx, "delete", async (o) => ({ method: "DELETE", path: `/v1/team/members/${(await addMember(ctx, o, { state: "suspended" })).userId}` }));

    it("nobody deletes themselves, and only owners delete owners", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const suspendedOwner = await addMember(ctx, o, { role: "owner", state: "suspended" });
      const admin = await addMember(ctx, o, { role: "admin" });
      expect((await del(undefined, suspendedOwner.userId, "", asMember(admin))).body.code).toBe("owner_required");
      expect((await del(undefined, owner.userId, "", asMember(owner))).body.code).toBe("cannot_act_on_self");
      expect((await del(undefined, suspendedOwner.userId, "", asMember(owner))).status).toBe(200);
    });

    it("another organization's member answers 404 and stays", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, await org(ctx), { state: "suspended" });
      expect((await del(o.adminKey, m.userId)).status).toBe(404);
      expect(await ctx.db.selectFrom("memberships").select("user_id").where("user_id", "=", m.userId).executeTakeFirst()).toBeDefined();
    });
  });
});
