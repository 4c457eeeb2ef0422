import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { makeDeps } from "../../src/deps.js";
import { createLogger } from "../../src/logger.js";
import { SEALING, SIGNING, useTestContext, type TestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

/**
 * Two app instances (each its own in-memory counts, as two processes would have) over one PostgreSQL
 * database: one budget for both, no hit lost under concurrency, and an overshoot within the documented
 * bound (per other instance: the hits it has not sent yet, at most a tenth of the limit plus its calls
 * in flight).
 */
const ctx = useTestContext();
const LIMIT = 100;
const SYNC_EVERY = LIMIT / 10;

function instance(limit = LIMIT) {
  const config = loadConfig({ PUBLIC_URL: "http://handoff.test", RATE_LIMIT_PER_KEY: String(limit), RATE_LIMIT_PER_ORGANIZATION: "1000000" });
  const deps = makeDeps({ db: ctx.db, config, signingSecrets: SIGNING, sealingKeys: SEALING, clock: ctx.clock, logger: createLogger("silent") });
  const app = createApp(deps);
  const me = (key: string) => call({ ...ctx, app } as TestContext, "GET", "/v1/me", { key });
  const flush = () => deps.rateCounter.flush(deps, ctx.clock.now().getTime());
  return { me, flush };
}

async function hitsInDatabase(keyId: string): Promise<number> {
  const row = await ctx.db.selectFrom("rate_limits").select("hits").where("bucket", "=", `api:key:${keyId}`).executeTakeFirst();
  return Number(row?.hits ?? 0);
}

describe("one rate-limit budget across instances (PostgreSQL)", () => {
  it("admits at least the limit and at most the limit plus the bound, with two instances racing", async () => {
    const a = instance();
    const b = instance();
    const o = await org(ctx);
    const p = await provision(ctx, o);
    // Two clients, one per instance, each sending 100 requests back to back, at the same time.
    const run = async (node: ReturnType<typeof instance>) => {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++) statuses.push((await node.me(p.apiKey)).status);
      return statuses;
    };
    const [fromA, fromB] = await Promise.all([run(a), run(b)]);
    const all = [...fromA, ...fromB];
    expect(new Set(all)).toEqual(new Set([200, 429]));
    const admitted = all.filter((s) => s === 200).length;
    console.info(`two instances, limit ${LIMIT}: ${admitted} admitted of ${all.length}`);
    // At least the limit, but for one call: the last call in flight on each instance may see the other's.
    expect(admitted).toBeGreaterThanOrEqual(LIMIT - 1);
    expect(admitted).toBeLessThanOrEqual(LIMIT + 2 * (SYNC_EVERY + 5));

    // Every hit reached the shared row: none lost, none counted twice.
    await Promise.all([a.flush(), b.flush()]);
    expect(await hitsInDatabase(p.apiKeyId)).toBe(2 * LIMIT);
    // And each instance now refuses on the strength of the other's counts too.
    expect((await a.me(p.apiKey)).status).toBe(429);
    expect((await b.me(p.apiKey)).status).toBe(429);
  });

  it("loses no count when 50 requests on each instance arrive at once", async () => {
    const a = instance(1000);
    const b = instance(1000);
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).me(p.apiKey)));
    expect(burst.map((r) => r.status)).toEqual(Array(100).fill(200));
    await Promise.all([a.flush(), b.flush()]);
    expect(await hitsInDatabase(p.apiKeyId)).toBe(100);
    // The window is shared: a third instance starting now learns what the others spent.
    const c = instance(1000);
    const res = await c.me(p.apiKey);
    await c.flush();
    const after = await c.me(p.apiKey);
    expect(res.status).toBe(200);
    expect(after.headers.get("ratelimit")).toMatch(/^"key";r=898;/);
  });

  it("starts every instance on the same fresh window when the clock moves on", async () => {
    const a = instance();
    const b = instance();
    const o = await org(ctx);
    const p = await provision(ctx, o);
    for (let i = 0; i < LIMIT; i++) await a.me(p.apiKey);
    await a.flush();
    expect((await b.me(p.apiKey)).status).toBe(200); // b has not synced yet: it learns from this request's sync
    await b.flush();
    expect((await b.me(p.apiKey)).status).toBe(429);
    ctx.clock.advanceSeconds(60);
    expect((await a.me(p.apiKey)).status).toBe(200);
    expect((await b.me(p.apiKey)).status).toBe(200);
    await Promise.all([a.flush(), b.flush()]);
    expect(await hitsInDatabase(p.apiKeyId)).toBe(2);
  });
});
