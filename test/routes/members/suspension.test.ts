import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

const suspend = (key: string, userId: string, body: unknown = {}) => call(ctx, "POST", `/v1/team/members/${userId}/suspend`, { key, body });
const reactivate = (key: string, userId: string) => call(ctx, "POST", `/v1/team/members/${userId}/reactivate`, { key });
const me = (key: string) => call(ctx, "GET", "/v1/me", { key });

describe("POST /v1/team/members/{userId}/suspend and /reactivate", () => {
  describe("happy", () => {
    it("suspends at once by default: the member's projects' keys are refused with 401 member_suspended", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { name: "Ada" });
      expect((await me(p.apiKey)).status).toBe(200);
      const res = await suspend(o.adminKey, p.userId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId: p.userId, state: "suspended", suspendedAt: ctx.clock.now().toISOString(), deauthorizeAt: ctx.clock.now().toISOString() });
      const refused = await me(p.apiKey);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe("member_suspended");
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
    });

    it("with deauthorizeAfter the keys work until the deadline and stop exactly at it", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const res = await suspend(o.adminKey, p.userId, { deauthorizeAfter: 600 });
      expect(res.body.deauthorizeAt).toBe(new Date(ctx.clock.now().getTime() + 600_000).toISOString());
      expect((await me(p.apiKey)).status).toBe(200);
      ctx.clock.advance(600_000 - 1);
      expect((await me(p.apiKey)).status).toBe(200);
      ctx.clock.advance(1);
      expect((await me(p.apiKey)).body.code).toBe("member_suspended");
    });

    it("reactivation restores the key and returns a placeholder to pending; its provision can still be claimed", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await suspend(o.adminKey, p.userId);
      const res = await reactivate(o.adminKey, p.userId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: "pending", suspendedAt: null, deauthorizeAt: null });
      expect((await me(p.apiKey)).status).toBe(200);
      const prov = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(prov.body.status).toBe("pending");
    });

    it("is idempotent: suspending twice keeps the first deadline, reactivating an active member changes nothing", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const first = await suspend(o.adminKey, m.userId, { deauthorizeAfter: 3600 });
      ctx.clock.advance(1000);
      const second = await suspend(o.adminKey, m.userId, { deauthorizeAfter: 0 });
      expect(second.status).toBe(200);
      expect(second.body.deauthorizeAt).toBe(first.body.deauthorizeAt);
      expect((await reactivate(o.adminKey, m.userId)).body.state).toBe("active");
      expect((await reactivate(o.adminKey, m.userId)).status).toBe(200);
      const actions = (await auditActions(ctx, o, m.userId)).map((e) => e.action);
      expect(actions).toEqual(["member.suspended", "member.reactivated"]);
    });

    it("a member holding `suspend` through a group may suspend; the audit names them", async () => {
      const o = await org(ctx);
      const group = await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: "Security", permissions: ["suspend"] } });
      const officer = await addMember(ctx, o, { groups: [group.body.id] });
      const target = await addMember(ctx, o);
      const res = await call(ctx, "POST", `/v1/team/members/${target.userId}/suspend`, { headers: asMember(officer), body: {} });
      expect(res.status).toBe(200);
      const [event] = await auditActions(ctx, o, target.userId);
      expect(event).toMatchObject({ action: "member.suspended", actor_type: "user", actor_id: officer.userId });
    });

    it("a suspended member's session can no longer act in the organization, at once", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      expect((await call(ctx, "GET", "/v1/team/members", { headers: asMember(admin) })).status).toBe(200);
      await suspend(o.adminKey, admin.userId, { deauthorizeAfter: 86_400 });
      const res = await call(ctx, "GET", "/v1/team/members", { headers: asMember(admin) });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("member_suspended");
    });

    it("suspension acts on one organization: the same person's keys elsewhere keep working", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      const m = await addMember(ctx, a);
      await ctx.db.insertInto("memberships").values({ organization_id: b.organizationId, user_id: m.userId, role: "member", created_at: ctx.clock.now() }).execute();
      const inA = await provision(ctx, a);
      const inB = await provision(ctx, b);
      await ctx.db.updateTable("projects").set({ owner_user_id: m.userId }).where("id", "in", [inA.projectId, inB.projectId]).execute();
      await ctx.db.updateTable("provisions").set({ status: "claimed" }).where("id", "in", [inA.id, inB.id]).execute();
      ctx.deps.keyCache.invalidateProjects([inA.projectId, inB.projectId]);
      await suspend(a.adminKey, m.userId);
      expect((await me(inA.apiKey)).body.code).toBe("member_suspended");
      expect((await me(inB.apiKey)).status).toBe(200);
    });
  });

  describe("errors", () => {
    it("refuses deauthorizeAfter outside 0–86400 (400 naming the field)", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      for (const bad of [-1, 86_401, 1.5, "10"]) {
        const res = await suspend(o.adminKey, m.userId, { deauthorizeAfter: bad });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].path).toBe("deauthorizeAfter");
      }
      expect((await suspend(o.adminKey, m.userId, { surprise: 1 })).status).toBe(400);
    });

    it("answers 404 for an unknown member", async () => {
      const o = await org(ctx);
      expect((await suspend(o.adminKey, "usr_nobody")).status).toBe(404);
      expect((await reactivate(o.adminKey, "usr_nobody")).status).toBe(404);
    });

    it("nobody suspends themselves (403 cannot_act_on_self)", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      await addMember(ctx, o, { role: "owner" });
      const res = await call(ctx, "POST", `/v1/team/members/${owner.userId}/suspend`, { headers: asMember(owner), body: {} });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("cannot_act_on_self");
    });

    it("the last active owner is never suspended (409 last_owner)", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await suspend(o.adminKey, owner.userId);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("last_owner");
    });

    it("only owners suspend or reactivate owners (403 owner_required)", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      await addMember(ctx, o, { role: "owner" });
      const admin = await addMember(ctx, o, { role: "admin" });
      const res = await call(ctx, "POST", `/v1/team/members/${owner.userId}/suspend`, { headers: asMember(admin), body: {} });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("owner_required");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/members/usr_x/suspend", body: {} });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/members/usr_x/reactivate" });

    itGuardsTeamSessions(ctx, "suspend", async (o) => ({ method: "POST", path: `/v1/team/members/${(await addMember(ctx, o)).userId}/suspend`, body: {} }));
    itGuardsTeamSessions(ctx, "suspend", async (o) => ({ method: "POST", path: `/v1/team/members/${(await addMember(ctx, o)).userId}/reactivate` }));

    it("another organization's member answers 404 and is left alone", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const m = await addMember(ctx, other);
      expect((await suspend(o.adminKey, m.userId)).status).toBe(404);
      const row = await ctx.db.selectFrom("memberships").select("state").where("user_id", "=", m.userId).executeTakeFirstOrThrow();
      expect(row.state).toBe("active");
    });
  });
});
