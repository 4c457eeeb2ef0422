import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { leftoversOf } from "../../support/leftovers.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

async function leftovers(p: { userId: string; projectId: string }) {
  const left = await leftoversOf(ctx, p);
  return left.users + left.memberships + left.projects + left.agents + left.keys;
}

describe("DELETE /v1/team/provisions/{id}", () => {
  describe("happy", () => {
    it("cancels: the key fails as soon as DELETE returns, everything created is gone, the record stays", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200); // warms the key cache
      const res = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: p.id, status: "cancelled", cancelledAt: ctx.clock.now().toISOString() });
      const after = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
      expect(after.status).toBe(401);
      expect(await leftovers(p)).toBe(0);
      const audit = await ctx.db.selectFrom("audit_events").select("action").where("target_id", "=", p.id).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(["provision.cancelled", "provision.created"]);
    });

    it("also removes agents and keys added to the project after provisioning", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await call(ctx, "POST", "/v1/agents", { key: p.apiKey, body: { name: "Helper", identifier: "helper" } });
      const extra = await call(ctx, "POST", "/v1/keys", { key: p.apiKey, body: { name: "CI" } });
      expect(extra.status).toBe(201);
      await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect((await call(ctx, "GET", "/v1/me", { key: extra.body.key })).status).toBe(401);
      expect(await leftovers(p)).toBe(0);
    });

    it("is a no-op on a cancelled provision", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const first = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      ctx.clock.advanceSeconds(10);
      const again = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const audit = await ctx.db.selectFrom("audit_events").select("action").where("target_id", "=", p.id).execute();
      expect(audit.filter((a) => a.action === "provision.cancelled")).toHaveLength(1);
    });
  });

  describe("errors", () => {
    it("refuses to cancel a claimed provision (409) and leaves its resources alone", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await ctx.db.updateTable("provisions").set({ status: "claimed", claimed_at: ctx.clock.now() }).where("id", "=", p.id).execute();
      await ctx.db.updateTable("users").set({ status: "active" }).where("id", "=", p.userId).execute();
      const res = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("provision_not_pending");
      expect(res.body.detail).toMatch(/claimed/);
      expect(await leftovers(p)).toBe(5);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });

    it("refuses to cancel an expired provision (409)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { expiresIn: 60 });
      ctx.clock.advanceSeconds(60);
      const res = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/expired/);
    });

    it("answers 404 for an unknown id", async () => {
      const o = await org(ctx);
      expect((await call(ctx, "DELETE", "/v1/team/provisions/prv_nope", { key: o.adminKey })).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "DELETE", path: "/v1/team/provisions/prv_x" });

    it("cannot cancel another organization's provision (404) and leaves it working", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      const p = await provision(ctx, a);
      const res = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: b.adminKey });
      expect(res.status).toBe(404);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });
  });
});
