import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { makeDeps } from "../../src/deps.js";
import { createLogger } from "../../src/logger.js";
import { tokenOf } from "../support/claims.js";
import { SEALING, SIGNING, useTestContext, type TestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call, type Reply } from "../support/http.js";
import { expectProblem } from "./keys/helpers.js";

const ctx = useTestContext();

/** Another instance of the app over the same database, with limits of its own. */
function instance(env: Record<string, string>) {
  const config = loadConfig({ PUBLIC_URL: "http://handoff.test", TRUST_PROXY: "true", PASSWORD_ITERATIONS: "1000", ...env });
  const deps = makeDeps({ db: ctx.db, config, signingSecrets: SIGNING, sealingKeys: SEALING, clock: ctx.clock, logger: createLogger("silent") });
  const app = createApp(deps);
  const send = (method: string, path: string, key?: string, headers: Record<string, string> = {}) =>
    call({ ...ctx, app } as TestContext, method, path, { key, headers });
  return { app, deps, send };
}

/** `"key";r=5;t=42, "organization";r=9;t=42` → { key: { r: 5, t: 42 }, organization: … } */
function parse(field: string | null): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const item of (field ?? "").split(/,\s*/).filter(Boolean)) {
    const [name, ...params] = item.split(";");
    out[JSON.parse(name!)] = Object.fromEntries(params.map((p) => [p.split("=")[0]!, Number(p.split("=")[1])]));
  }
  return out;
}

function expectRateLimited(res: Reply, policy: string) {
  expectProblem(res, 429, "rate_limited");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(parse(res.headers.get("ratelimit"))[policy]).toEqual({ r: 0, t: retryAfter });
}

describe("rate limits on /v1", () => {
  describe("happy", () => {
    it("tells an identified caller its policies and what remains (IETF RateLimit fields)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const first = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
      expect(first.status).toBe(200);
      expect(first.headers.get("ratelimit-policy")).toBe('"key";q=1200;w=60, "organization";q=12000;w=60');
      const before = parse(first.headers.get("ratelimit"));
      const second = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
      const after = parse(second.headers.get("ratelimit"));
      expect(after.key!.r).toBe(before.key!.r! - 1);
      expect(after.organization!.r).toBe(before.organization!.r! - 1);
      expect(after.key!.t).toBeGreaterThanOrEqual(1);
      expect(after.key!.t).toBeLessThanOrEqual(60);
    });

    it("puts the fields on errors after identification too (a 404), not on a 401", async () => {
      const o = await org(ctx);
      const missing = await call(ctx, "GET", "/v1/team/provisions/prv_doesnotexist000000000", { key: o.adminKey });
      expect(missing.status).toBe(404);
      expect(parse(missing.headers.get("ratelimit")).key).toBeDefined();
      const anonymous = await call(ctx, "GET", "/v1/me");
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("ratelimit")).toBeNull();
    });

    it("leaves the health probes alone", async () => {
      expect((await call(ctx, "GET", "/healthz")).headers.get("ratelimit")).toBeNull();
    });

    it("starts a new budget with the next window", async () => {
      const a = instance({ RATE_LIMIT_PER_KEY: "2" });
      const o = await org(ctx);
      for (let i = 0; i < 2; i++) expect((await a.send("GET", "/v1/team/provisions", o.adminKey)).status).toBe(200);
      expectRateLimited(await a.send("GET", "/v1/team/provisions", o.adminKey), "key");
      ctx.clock.advanceSeconds(60);
      expect((await a.send("GET", "/v1/team/provisions", o.adminKey)).status).toBe(200);
    });

    it("can switch a limit off (0)", async () => {
      const a = instance({ RATE_LIMIT_PER_KEY: "0" });
      const o = await org(ctx);
      const res = await a.send("GET", "/v1/team/provisions", o.adminKey);
      expect(res.headers.get("ratelimit-policy")).toBe('"organization";q=12000;w=60');
    });
  });

  describe("errors", () => {
    it("refuses a key past its budget with 429 rate_limited and Retry-After; its other keys go on", async () => {
      const a = instance({ RATE_LIMIT_PER_KEY: "3" });
      const o = await org(ctx);
      const p = await provision(ctx, o);
      for (let i = 0; i < 3; i++) expect((await a.send("GET", "/v1/me", p.apiKey)).status).toBe(200);
      const refused = await a.send("GET", "/v1/me", p.apiKey);
      expectRateLimited(refused, "key");
      expect(refused.body.detail).toContain("key limit of 3");
      expect((await a.send("GET", "/v1/team/provisions", o.adminKey)).status).toBe(200);
    });

    it("refuses an organization past its budget, whichever key; other organizations go on", async () => {
      const a = instance({ RATE_LIMIT_PER_ORGANIZATION: "5" });
      const o = await org(ctx);
      const p = (await call({ ...ctx, app: a.app } as TestContext, "POST", "/v1/team/provisions", { key: o.adminKey, body: {} })).body;
      for (let i = 0; i < 2; i++) expect((await a.send("GET", "/v1/me", p.apiKey)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await a.send("GET", "/v1/team/provisions", o.adminKey)).status).toBe(200);
      expectRateLimited(await a.send("GET", "/v1/me", p.apiKey), "organization");
      expectRateLimited(await a.send("GET", "/v1/team/provisions", o.adminKey), "organization");
      const other = await org(ctx);
      expect((await a.send("GET", "/v1/team/provisions", other.adminKey)).status).toBe(200);
    });

    it("counts keyless /v1 calls (claim preview) per client address", async () => {
      const a = instance({ RATE_LIMIT_PER_IP: "2" });
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const preview = (ip: string) => a.send("GET", "/v1/claims/preview", undefined, { "claim-token": tokenOf(p.claimUrl), "x-forwarded-for": ip });
      for (let i = 0; i < 2; i++) expect((await preview("203.0.113.7")).status).toBe(200);
      const refused = await preview("203.0.113.7");
      expectRateLimited(refused, "ip");
      expect(refused.headers.get("ratelimit-policy")).toBe('"ip";q=2;w=60');
      expect((await preview("203.0.113.8")).status).toBe(200);
    });
  });

  describe("security", () => {
    it("keeps no address and no key in the shared counts, only ids and hashes", async () => {
      const a = instance({});
      const o = await org(ctx);
      await a.send("GET", "/v1/team/provisions", o.adminKey);
      await a.send("GET", "/v1/claims/preview", undefined, { "claim-token": "a.b.c", "x-forwarded-for": "198.51.100.23" });
      await a.deps.rateCounter.flush(a.deps, ctx.clock.now().getTime());
      const buckets = (await ctx.db.selectFrom("rate_limits").select("bucket").where("bucket", "like", "api:%").execute()).map((r) => r.bucket);
      expect(buckets.some((b) => b.startsWith("api:key:key_"))).toBe(true);
      expect(buckets.some((b) => /^api:ip:[0-9a-f]{64}$/.test(b))).toBe(true);
      expect(buckets.join(" ")).not.toContain("198.51.100.23");
      expect(buckets.join(" ")).not.toContain(o.adminKey);
    });

    it("never lets a rate-limited caller through with another route", async () => {
      const a = instance({ RATE_LIMIT_PER_KEY: "1" });
      const o = await org(ctx);
      expect((await a.send("GET", "/v1/team/provisions", o.adminKey)).status).toBe(200);
      expectRateLimited(await a.send("GET", "/v1/team/provisions/prv_doesnotexist000000000", o.adminKey), "key");
      expectRateLimited(await a.send("DELETE", "/v1/team/provisions/prv_doesnotexist000000000", o.adminKey), "key");
    });
  });
});
