// OAuth access tokens live 15 minutes but their rows stayed forever. The sweeper deletes expired and
// revoked ones a day after they expired; a live token (and its working) is never touched.
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { call } from "../support/http.js";
import { basic, oauthApp, oauthPost, tokenFor } from "../routes/oauth/support.js";

const ctx = useTestContext();
const HOUR = 3600 * 1000;

const tokensOf = async (clientId: string) =>
  (await ctx.db.selectFrom("oauth_tokens").select("id").where("client_id", "=", clientId).execute()).length;

describe("the sweeper purges OAuth access tokens", () => {
  it("deletes expired and revoked tokens a day after they expired, keeps live ones, and is idempotent", async () => {
    const o = await org(ctx);
    const app = await oauthApp(ctx, o, ["members:read"]);
    const expired = await tokenFor(ctx, app);
    const revoked = await tokenFor(ctx, app);
    expect((await oauthPost(ctx, "revoke", { token: revoked }, basic(app.clientId, app.clientSecret))).status).toBe(200);
    expect(await tokensOf(app.clientId)).toBe(2);

    // Expired and revoked, but within the day they are kept: a client is still told why its token fails.
    ctx.clock.advance(HOUR);
    expect((await sweep(ctx.deps)).oauthTokensPurged).toBe(0);
    expect((await call(ctx, "GET", "/v1/team/members", { key: expired })).body.code).toBe("access_token_expired");
    expect((await call(ctx, "GET", "/v1/team/members", { key: revoked })).body.code).toBe("access_token_revoked");

    // A day after they expired: gone. A token issued just now lives on and keeps working.
    ctx.clock.advance(24 * HOUR);
    const live = await tokenFor(ctx, app);
    const result = await sweep(ctx.deps);
    expect(result.oauthTokensPurged).toBe(2);
    expect(await tokensOf(app.clientId)).toBe(1);
    expect((await call(ctx, "GET", "/v1/team/members", { key: live })).status).toBe(200);
    expect((await call(ctx, "GET", "/v1/team/members", { key: expired })).body.code).toBe("access_token_invalid");
    expect((await sweep(ctx.deps)).oauthTokensPurged).toBe(0);
  });

  it("works in bounded batches", async () => {
    const o = await org(ctx);
    const app = await oauthApp(ctx, o, ["members:read"]);
    const now = ctx.clock.now();
    const old = new Date(now.getTime() - 2 * 24 * HOUR);
    await ctx.db
      .insertInto("oauth_tokens")
      .values(Array.from({ length: 25 }, (_, i) => ({ id: `oat_bulk${i}x${now.getTime()}`, organization_id: o.organizationId, client_id: app.clientId, token_hash: `h${i}-${now.getTime()}`, scopes: "[]", expires_at: old, created_at: old })))
      .execute();
    const result = await sweep(ctx.deps, { batchSize: 10 });
    expect(result.oauthTokensPurged).toBe(25);
    expect(result.batches).toBeGreaterThanOrEqual(3);
    expect(await tokensOf(app.clientId)).toBe(0);
  });
});
