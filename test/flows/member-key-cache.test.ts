import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { makeDeps } from "../../src/deps.js";
import { createLogger } from "../../src/logger.js";
import { SEALING, SIGNING, useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

// Invariant 9: a suspended member's keys stop at deauthorizeAt on every instance within the key-cache
// bound. A second app over the same database has its own key cache, as another process would.

const ctx = useTestContext();

function secondInstance() {
  const deps = makeDeps({ db: ctx.db, config: ctx.config, signingSecrets: SIGNING, sealingKeys: SEALING, clock: ctx.clock, logger: createLogger("silent") });
  return { ...ctx, deps, app: createApp(deps) };
}

describe("invariant 9: suspension reaches every instance within the key-cache bound", () => {
  it("the instance that suspended refuses at once; another refuses once its cached entry is older than the TTL", async () => {
    const other = secondInstance();
    const o = await org(ctx);
    const p = await provision(ctx, o);
    // Both instances have the key cached as valid.
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    expect(other.deps.keyCache.size).toBeGreaterThan(0);

    await call(ctx, "POST", `/v1/team/members/${p.userId}/suspend`, { key: o.adminKey, body: {} });
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("member_suspended");
    // The other instance may still accept it, but never longer than the TTL.
    ctx.clock.advance(ctx.config.keyCacheTtlMs);
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("member_suspended");
  });

  it("a delayed deauthorization is exact on both instances: the deadline is in the cached entry", async () => {
    const other = secondInstance();
    const o = await org(ctx);
    const p = await provision(ctx, o);
    await call(ctx, "POST", `/v1/team/members/${p.userId}/suspend`, { key: o.adminKey, body: { deauthorizeAfter: 60 } });
    // Both read the suspension (with its deadline) and cache it.
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    ctx.clock.advance(60_000 - 1);
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    ctx.clock.advance(1);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("member_suspended");
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("member_suspended");
  });

  it("reactivation on one instance restores the key there at once and on the other within the TTL", async () => {
    const other = secondInstance();
    const o = await org(ctx);
    const p = await provision(ctx, o);
    await call(ctx, "POST", `/v1/team/members/${p.userId}/suspend`, { key: o.adminKey, body: {} });
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
    await call(ctx, "POST", `/v1/team/members/${p.userId}/reactivate`, { key: o.adminKey });
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    ctx.clock.advance(ctx.config.keyCacheTtlMs);
    expect((await call(other, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
  });

  it("keys revoked while suspended stay revoked after reactivation", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    await call(ctx, "POST", `/v1/team/members/${p.userId}/suspend`, { key: o.adminKey, body: { deauthorizeAfter: 3600 } });
    const revoked = await call(ctx, "DELETE", `/v1/keys/${p.apiKeyId}`, { key: p.apiKey });
    expect(revoked.status).toBe(200);
    await call(ctx, "POST", `/v1/team/members/${p.userId}/reactivate`, { key: o.adminKey });
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("api_key_revoked");
  });
});
