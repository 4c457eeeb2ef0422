import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

describe("POST /v1/organizations and PATCH /v1/team/organization", () => {
  describe("happy", () => {
    it("a person without an organization creates one and becomes its owner, with the built-in group", async () => {
      const home = await org(ctx);
      const m = await addMember(ctx, home);
      await ctx.db.deleteFrom("memberships").where("user_id", "=", m.userId).execute();
      const res = await call(ctx, "POST", "/v1/organizations", { headers: asMember(m), body: { name: "  Zed Labs " } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: "Zed Labs" });
      expect(res.body.id).toMatch(/^org_/);
      const members = await call(ctx, "GET", "/v1/team/members", { headers: asMember(m) });
      expect(members.body.data).toEqual([expect.objectContaining({ userId: m.userId, role: "owner", state: "active" })]);
      const groups = await call(ctx, "GET", "/v1/team/groups", { headers: asMember(m) });
      expect(groups.body.data.map((g: any) => g.builtin)).toEqual(["provision_managers"]);
    });

    it("an owner renames the organization", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await call(ctx, "PATCH", "/v1/team/organization", { headers: asMember(owner), body: { name: "Renamed" } });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("Renamed");
    });
  });

  describe("errors", () => {
    it("refuses an empty or overlong name (400)", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      for (const name of ["", "   ", "x".repeat(201)]) {
        expect((await call(ctx, "POST", "/v1/organizations", { headers: asMember(m), body: { name } })).status).toBe(400);
        expect((await call(ctx, "PATCH", "/v1/team/organization", { key: o.adminKey, body: { name } })).status).toBe(400);
      }
    });

    it("an admin cannot rename (403 owner_required)", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      const res = await call(ctx, "PATCH", "/v1/team/organization", { headers: asMember(admin), body: { name: "Mine" } });
      expect(res.body.code).toBe("owner_required");
    });
  });

  describe("security", () => {
    it("creating needs a session (401) from our own site (403)", async () => {
      expect((await call(ctx, "POST", "/v1/organizations", { body: { name: "X" } })).body.code).toBe("session_required");
      const m = await addMember(ctx, await org(ctx));
      const res = await call(ctx, "POST", "/v1/organizations", { headers: asMember(m, { "sec-fetch-site": "cross-site" }), body: { name: "X" } });
      expect(res.body.code).toBe("cross_origin_refused");
    });

    itRefusesBadCredentials(ctx, "admin", { method: "PATCH", path: "/v1/team/organization", body: { name: "X" } });
    itGuardsTeamSessions(ctx, "manage_roles", () => ({ method: "PATCH", path: "/v1/team/organization", body: { name: "X" } }));
  });
});

describe("SELF_SERVICE_ORGS=false", () => {
  const off = useTestContext({ SELF_SERVICE_ORGS: "false" });

  it("refuses to create an organization (403 self_service_disabled)", async () => {
    const o = await org(off);
    const m = await addMember(off, o);
    const res = await call(off, "POST", "/v1/organizations", { headers: asMember(m), body: { name: "X" } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("self_service_disabled");
  });
});
