import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allPages, allScopesBut, expectProblem, fieldPaths, keyWithScopes, mintKey, threeProjects } from "./helpers.js";

const ctx = useTestContext();

describe("GET /v1/keys", () => {
  describe("happy", () => {
    it("lists the project's keys newest first with their status, and never a secret", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      ctx.clock.advanceSeconds(1);
      const revoked = await mintKey(ctx, key, { name: "revoked" });
      await call(ctx, "DELETE", `/v1/keys/${revoked.id}`, { key });
      ctx.clock.advanceSeconds(1);
      const expiring = await mintKey(ctx, key, { name: "expiring", expiresIn: 60 });
      ctx.clock.advanceSeconds(1);
      const scoped = await mintKey(ctx, key, { name: "scoped", scopes: ["agents:read"] });
      ctx.clock.advanceSeconds(60);

      const res = await call(ctx, "GET", "/v1/keys", { key });
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.data.map((k: { id: string; status: string }) => [k.id, k.status])).toEqual([
        [scoped.id, "active"],
        [expiring.id, "expired"],
        [revoked.id, "revoked"],
        [p.apiKeyId, "active"],
      ]);
      expect(res.body.data[0]).toMatchObject({ name: "scoped", scopes: ["agents:read"], projectId: p.projectId, prefix: scoped.key.slice(0, 12) });
      expect(res.body.data[3]).toMatchObject({ name: "Provisioned key", agentId: p.agentId, scopes: [] });
      const hashes = await ctx.db.selectFrom("api_keys").select("secret_hash").where("project_id", "=", p.projectId).execute();
      const text = JSON.stringify(res.body);
      for (const k of res.body.data) expect(k).not.toHaveProperty("key");
      for (const secret of [key, revoked.key, expiring.key, scoped.key]) expect(text).not.toContain(secret.slice(12));
      for (const h of hashes) expect(text).not.toContain(h.secret_hash);
    });

    it("pages with limit and cursor through keys created in the same millisecond, each once, in order", async () => {
      const { key } = await orgWithProject(ctx);
      for (let i = 0; i < 6; i++) await mintKey(ctx, key, { name: `k${i}` });
      const whole = await call(ctx, "GET", "/v1/keys?limit=100", { key });
      expect(whole.body.data).toHaveLength(7);
      const { items, pages } = await allPages(ctx, "/v1/keys", key, 3);
      expect(pages).toBe(3);
      expect(items.map((k) => k.id)).toEqual(whole.body.data.map((k: { id: string }) => k.id));
    });

    it("shows a rolled key's replacement", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const rolled = await call(ctx, "POST", `/v1/keys/${p.apiKeyId}/roll`, { key, body: { gracePeriod: 60 } });
      const list = await call(ctx, "GET", "/v1/keys", { key: rolled.body.key });
      const old = list.body.data.find((k: { id: string }) => k.id === p.apiKeyId);
      expect(old).toMatchObject({ replacedByKeyId: rolled.body.id, status: "active", expiresAt: new Date(ctx.clock.now().getTime() + 60_000).toISOString() });
    });
  });

  describe("errors", () => {
    it.each(["%%%", Buffer.from("[1,2]").toString("base64url"), Buffer.from('["2026-02-31T00:00:00.000Z","key_x"]').toString("base64url")])(
      "refuses the cursor %s with 400 invalid_cursor",
      async (cursor) => {
        const { key } = await orgWithProject(ctx);
        expectProblem(await call(ctx, "GET", `/v1/keys?cursor=${encodeURIComponent(cursor)}`, { key }), 400, "invalid_cursor");
      },
    );

    it("refuses a cursor over 500 characters naming query.cursor", async () => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", `/v1/keys?cursor=${"a".repeat(501)}`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["query.cursor"]);
    });

    it.each(["0", "101", "-1", "ten"])("refuses limit=%s naming query.limit", async (limit) => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", `/v1/keys?limit=${limit}`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["query.limit"]);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "GET", path: "/v1/keys" });

    it("lists only the caller's project: no key of a sibling project or of another organization", async () => {
      const { key, mine, sibling, stranger } = await threeProjects(ctx);
      await mintKey(ctx, sibling.apiKey);
      await mintKey(ctx, stranger.apiKey);
      const res = await call(ctx, "GET", "/v1/keys?limit=100", { key });
      expect(res.body.data.map((k: { id: string }) => k.id)).toEqual([mine.provision.apiKeyId]);
    });

    it("needs the keys:read scope (403 insufficient_scope)", async () => {
      const { key } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("keys:read"));
      expectProblem(await call(ctx, "GET", "/v1/keys", { key: without }), 403, "insufficient_scope");
      const reader = await keyWithScopes(ctx, key, ["keys:read"]);
      expect((await call(ctx, "GET", "/v1/keys", { key: reader })).status).toBe(200);
    });
  });
});
