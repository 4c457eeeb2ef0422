import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { expectScimError, scim, scimOrg, SCIM } from "./support.js";

const ctx = useTestContext();

describe("SCIM tokens: happy", () => {
  it("creates a token shown once, stores only its hash, lists it with lastUsedAt, and revokes it", async () => {
    const o = await org(ctx);
    const created = await call(ctx, "POST", "/v1/team/scim-tokens", { key: o.adminKey, body: { name: "Okta" } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^hnd_/);
    expect(created.body.id).toMatch(/^sct_/);
    expect(created.body.displayPrefix).toBe(created.body.token.slice(0, 12));
    const row = await ctx.db.selectFrom("scim_tokens").selectAll().where("id", "=", created.body.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(created.body.token);
    expect(JSON.stringify(row)).not.toContain(created.body.token);

    let list = await call(ctx, "GET", "/v1/team/scim-tokens", { key: o.adminKey });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].token).toBeUndefined();
    expect(list.body.data[0].lastUsedAt).toBeNull();

    expect((await scim(ctx, created.body, "GET", "/Users")).status).toBe(200);
    await ctx.settle();
    list = await call(ctx, "GET", "/v1/team/scim-tokens", { key: o.adminKey });
    expect(list.body.data[0].lastUsedAt).toBe(ctx.clock.now().toISOString());

    const revoked = await call(ctx, "DELETE", `/v1/team/scim-tokens/${created.body.id}`, { key: o.adminKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expectScimError(await scim(ctx, created.body, "GET", "/Users"), 401);
    expect((await auditActions(ctx, o, created.body.id)).map((e) => e.action).sort()).toEqual(["scim_token.created", "scim_token.revoked"]);
  });

  it("an owner's session creates one", async () => {
    const o = await org(ctx);
    const owner = await addMember(ctx, o, { role: "owner" });
    const res = await call(ctx, "POST", "/v1/team/scim-tokens", { body: { name: "Entra" }, headers: asMember(owner, { origin: "http://handoff.test" }) });
    expect(res.status).toBe(201);
    expect(res.body.createdBy).toEqual({ type: "user", id: owner.userId });
  });
});

describe("SCIM tokens: errors", () => {
  it("refuses a second revocation (409) and an unknown token (404), and a blank name (400)", async () => {
    const o = await scimOrg(ctx);
    expect((await call(ctx, "DELETE", `/v1/team/scim-tokens/${o.tokenId}`, { key: o.adminKey })).status).toBe(200);
    const again = await call(ctx, "DELETE", `/v1/team/scim-tokens/${o.tokenId}`, { key: o.adminKey });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("scim_token_revoked");
    expect((await call(ctx, "DELETE", "/v1/team/scim-tokens/sct_nope", { key: o.adminKey })).status).toBe(404);
    const blank = await call(ctx, "POST", "/v1/team/scim-tokens", { key: o.adminKey, body: { name: " " } });
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0].path).toBe("name");
  });
});

describe("SCIM tokens: security", () => {
  itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/scim-tokens" });
  itGuardsTeamSessions(ctx, "manage_integrations", () => ({ method: "POST", path: "/v1/team/scim-tokens", body: { name: "x" } }));

  it("an admin (who holds manage_integrations but is not an owner) cannot create or revoke one (403 owner_required)", async () => {
    const o = await scimOrg(ctx);
    const admin = await addMember(ctx, o, { role: "admin" });
    const headers = asMember(admin, { origin: "http://handoff.test" });
    const res = await call(ctx, "POST", "/v1/team/scim-tokens", { body: { name: "x" }, headers });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("owner_required");
    expect((await call(ctx, "DELETE", `/v1/team/scim-tokens/${o.tokenId}`, { headers })).body.code).toBe("owner_required");
  });

  it("another organization's token is a 404 here and its token never reaches this organization", async () => {
    const a = await scimOrg(ctx);
    const b = await scimOrg(ctx);
    expect((await call(ctx, "DELETE", `/v1/team/scim-tokens/${a.tokenId}`, { key: b.adminKey })).status).toBe(404);
    const list = await call(ctx, "GET", "/v1/team/scim-tokens", { key: b.adminKey });
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([b.tokenId]);
  });

  it("/scim/v2 refuses no token, another scheme, a malformed, unknown or revoked token with a SCIM 401 body; an admin key is not a SCIM token", async () => {
    const o = await scimOrg(ctx);
    expectScimError(await call(ctx, "GET", `${SCIM}/Users`), 401);
    const basic = await call(ctx, "GET", `${SCIM}/Users`, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expectScimError(basic, 401);
    expect(basic.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expectScimError(await call(ctx, "GET", `${SCIM}/Users`, { key: "hnd_short" }), 401);
    expectScimError(await call(ctx, "GET", `${SCIM}/Users`, { key: o.adminKey }), 401);
    const last = o.token.at(-1) === "A" ? "B" : "A";
    expectScimError(await call(ctx, "GET", `${SCIM}/Users`, { key: o.token.slice(0, -1) + last }), 401);
  });

  it("SCIM calls are rate limited per token (429 in SCIM's shape with Retry-After)", async () => {
    const limited = useLimitedApp();
    const o = await scimOrg(ctx);
    let last;
    for (let i = 0; i < 4; i++) last = await limited(o.token);
    expectScimError(last!, 429);
    expect(last!.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

/** The same database, an app whose per-key limit is 3 requests a window. */
function useLimitedApp() {
  return async (token: string) => {
    const { createApp } = await import("../../../src/app.js");
    const { makeDeps } = await import("../../../src/deps.js");
    const deps = makeDeps({ ...ctx.deps, config: { ...ctx.config, apiRateLimits: { ...ctx.config.apiRateLimits, perKey: 3 } } });
    cached ??= createApp(deps);
    const res = await cached.request(`${SCIM}/Users`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
}
let cached: ReturnType<typeof import("../../../src/app.js").createApp> | undefined;
