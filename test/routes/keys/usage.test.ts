import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { expectProblem, mintKey } from "./helpers.js";

// The key hot path as the project routes see it: last_used_at bookkeeping and the in-process cache.
const ctx = useTestContext();

async function lastUsedAt(id: string) {
  await ctx.settle();
  const row = await ctx.db.selectFrom("api_keys").select("last_used_at").where("id", "=", id).executeTakeFirstOrThrow();
  return row.last_used_at?.toISOString() ?? null;
}

describe("API key use", () => {
  describe("happy", () => {
    it("writes last_used_at on first use, then at most once a minute", async () => {
      const { key } = await orgWithProject(ctx);
      const k = await mintKey(ctx, key);
      expect(await lastUsedAt(k.id)).toBeNull();
      const t0 = ctx.clock.now().toISOString();
      for (let i = 0; i < 5; i++) expect((await call(ctx, "GET", "/v1/me", { key: k.key })).status).toBe(200);
      expect(await lastUsedAt(k.id)).toBe(t0);

      ctx.clock.advanceSeconds(30);
      expect((await call(ctx, "GET", "/v1/agents", { key: k.key })).status).toBe(200);
      expect(await lastUsedAt(k.id)).toBe(t0);

      ctx.clock.advanceSeconds(31);
      const t61 = ctx.clock.now().toISOString();
      expect((await call(ctx, "GET", "/v1/agents", { key: k.key })).status).toBe(200);
      expect(await lastUsedAt(k.id)).toBe(t61);

      ctx.clock.advanceSeconds(59);
      await call(ctx, "GET", "/v1/me", { key: k.key });
      expect(await lastUsedAt(k.id)).toBe(t61);

      const listed = await call(ctx, "GET", "/v1/keys?limit=100", { key });
      expect(listed.body.data.find((x: { id: string }) => x.id === k.id).lastUsedAt).toBe(t61);
    });

    it("many concurrent first uses still write one value, the time of use", async () => {
      const { key } = await orgWithProject(ctx);
      const k = await mintKey(ctx, key);
      ctx.clock.advanceSeconds(120);
      const at = ctx.clock.now().toISOString();
      const replies = await Promise.all(Array.from({ length: 20 }, () => call(ctx, "GET", "/v1/me", { key: k.key })));
      expect(replies.every((r) => r.status === 200)).toBe(true);
      expect(await lastUsedAt(k.id)).toBe(at);
      ctx.clock.advanceSeconds(30);
      await Promise.all(Array.from({ length: 5 }, () => call(ctx, "GET", "/v1/me", { key: k.key })));
      expect(await lastUsedAt(k.id)).toBe(at);
    });
  });

  describe("errors", () => {
    it("does not count a refused request as a use", async () => {
      const { key } = await orgWithProject(ctx);
      const k = await mintKey(ctx, key);
      await call(ctx, "DELETE", `/v1/keys/${k.id}`, { key });
      expectProblem(await call(ctx, "GET", "/v1/me", { key: k.key }), 401, "api_key_revoked");
      expect(await lastUsedAt(k.id)).toBeNull();
    });
  });

  describe("security", () => {
    it("a key revoked on this instance answers 401 api_key_revoked on the very next request", async () => {
      const { key } = await orgWithProject(ctx);
      const k = await mintKey(ctx, key);
      expect((await call(ctx, "GET", "/v1/agents", { key: k.key })).status).toBe(200);
      expect(ctx.deps.keyCache.size).toBeGreaterThan(0);
      expect((await call(ctx, "DELETE", `/v1/keys/${k.id}`, { key })).status).toBe(200);
      expectProblem(await call(ctx, "GET", "/v1/agents", { key: k.key }), 401, "api_key_revoked");
    });

    it("a key revoked by another instance stops working once this instance's cache entry ages out", async () => {
      const { key } = await orgWithProject(ctx);
      const k = await mintKey(ctx, key);
      expect((await call(ctx, "GET", "/v1/me", { key: k.key })).status).toBe(200);
      // Another instance revokes it: the database changes, this instance's cache is not told.
      await ctx.db.updateTable("api_keys").set({ revoked_at: ctx.clock.now() }).where("id", "=", k.id).execute();
      ctx.clock.advance(ctx.config.keyCacheTtlMs);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: k.key }), 401, "api_key_revoked");
    });

    it("checks expiry against the clock on every request, cached or not", async () => {
      const { key } = await orgWithProject(ctx);
      const k = await mintKey(ctx, key, { expiresIn: 60 });
      ctx.clock.advance(59_999);
      expect((await call(ctx, "GET", "/v1/me", { key: k.key })).status).toBe(200);
      ctx.clock.advance(1); // still inside the cache TTL of the previous request
      expectProblem(await call(ctx, "GET", "/v1/me", { key: k.key }), 401, "api_key_expired");
    });
  });
});
