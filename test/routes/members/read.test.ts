import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, builtinGroupId, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();
const list = (key: string, query = "") => call(ctx, "GET", `/v1/team/members${query}`, { key });

describe("GET /v1/team/members and /v1/team/members/{userId}", () => {
  describe("happy", () => {
    it("lists members newest first with their state, groups and provision", async () => {
      const o = await org(ctx);
      const pm = await builtinGroupId(ctx, o);
      const a = await addMember(ctx, o, { role: "admin", name: "Alice", groups: [pm] });
      ctx.clock.advance(1000);
      const p = await provision(ctx, o, { name: "Bob", email: "bob@example.com" });
      const res = await list(o.adminKey);
      expect(res.status).toBe(200);
      expect(res.body.data.map((m: any) => m.userId)).toEqual([p.userId, a.userId]);
      expect(res.body.data[0]).toMatchObject({ name: "Bob", state: "pending", role: "member", provisionId: p.id, joinedAt: null, groups: [] });
      expect(res.body.data[1]).toMatchObject({ name: "Alice", state: "active", role: "admin", groups: [{ id: pm, name: "Provision Managers" }], provisionId: null });
    });

    it("filters by state, role, group and a search on name or email, and pages with a cursor", async () => {
      const o = await org(ctx);
      const pm = await builtinGroupId(ctx, o);
      const ann = await addMember(ctx, o, { name: "Ann Percent%", groups: [pm] });
      const ben = await addMember(ctx, o, { role: "admin", name: "Ben" });
      const cid = await addMember(ctx, o, { state: "suspended", name: "Cid" });
      const ids = (res: any) => res.body.data.map((m: any) => m.userId);
      expect(ids(await list(o.adminKey, "?state=suspended"))).toEqual([cid.userId]);
      expect(ids(await list(o.adminKey, "?role=admin"))).toEqual([ben.userId]);
      expect(ids(await list(o.adminKey, `?group=${pm}`))).toEqual([ann.userId]);
      expect(ids(await list(o.adminKey, "?q=percent%25"))).toEqual([ann.userId]);
      expect(ids(await list(o.adminKey, `?q=${encodeURIComponent(ben.email.toUpperCase())}`))).toEqual([ben.userId]);
      expect(ids(await list(o.adminKey, "?q=%25"))).toEqual([ann.userId]);
      const first = await list(o.adminKey, "?limit=2");
      expect(first.body.data).toHaveLength(2);
      const second = await list(o.adminKey, `?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.nextCursor).toBeNull();
      expect([...ids(first), ...ids(second)].sort()).toEqual([ann.userId, ben.userId, cid.userId].sort());
    });

    it("gets one member; a Provision Manager (no role permission) may read the list", async () => {
      const o = await org(ctx);
      const pm = await addMember(ctx, o, { groups: [await builtinGroupId(ctx, o)] });
      const res = await call(ctx, "GET", `/v1/team/members/${pm.userId}`, { headers: asMember(pm) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId: pm.userId, role: "member", state: "active" });
    });
  });

  describe("errors", () => {
    it("refuses bad filters and a bad cursor (400 naming the field)", async () => {
      const o = await org(ctx);
      for (const q of ["?state=gone", "?role=king", "?limit=0", "?limit=101"]) {
        const res = await list(o.adminKey, q);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].path).toMatch(/^query\./);
      }
      expect((await list(o.adminKey, "?cursor=nope")).body.code).toBe("invalid_cursor");
    });

    it("answers 404 for an unknown member", async () => {
      const o = await org(ctx);
      expect((await call(ctx, "GET", "/v1/team/members/usr_nobody", { key: o.adminKey })).status).toBe(404);
    });

    it("a person in several organizations names one; without it the session is a 400 naming the header", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      const m = await addMember(ctx, a, { role: "admin" });
      await ctx.db.insertInto("memberships").values({ organization_id: b.organizationId, user_id: m.userId, role: "member", created_at: ctx.clock.now() }).execute();
      const res = await call(ctx, "GET", "/v1/team/members", { headers: asMember(m) });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe("header.handoff-organization");
      expect((await call(ctx, "GET", "/v1/team/members", { headers: asMember(m, { "handoff-organization": a.organizationId }) })).status).toBe(200);
      expect((await call(ctx, "GET", "/v1/team/members", { headers: asMember(m, { "handoff-organization": b.organizationId }) })).body.code).toBe("permission_required");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/members" });
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/members/usr_x" });
    itGuardsTeamSessions(ctx, "any", () => ({ method: "GET", path: "/v1/team/members" }));
    itGuardsTeamSessions(ctx, "any", async (o) => ({ method: "GET", path: `/v1/team/members/${(await addMember(ctx, o)).userId}` }));

    it("never lists or shows another organization's members (404)", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const m = await addMember(ctx, other);
      expect((await list(o.adminKey)).body.data).toEqual([]);
      expect((await call(ctx, "GET", `/v1/team/members/${m.userId}`, { key: o.adminKey })).status).toBe(404);
    });
  });
});
