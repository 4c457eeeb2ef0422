import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { basic, oauthApp, oauthPost, tokenFor } from "./support.js";

const ctx = useTestContext();
const members = (token: string) => call(ctx, "GET", "/v1/team/members", { key: token });

describe("OAuth apps and the client credentials grant", () => {
  describe("happy", () => {
    it("client credentials end to end: Basic + form → an opaque 15-minute token that works on /v1/team within its scopes", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read", "users.list"]);
      expect(app.clientSecret).toMatch(/^hcs_/);
      const res = await oauthPost(ctx, "token", { grant_type: "client_credentials" }, basic(app.clientId, app.clientSecret));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.body).toEqual({ access_token: expect.stringMatching(/^hat_/), token_type: "Bearer", expires_in: 900, scope: "members:read users.list" });
      const token = res.body.access_token;
      expect((await members(token)).status).toBe(200);
      const refused = await call(ctx, "POST", "/v1/team/provisions", { key: token, body: {} });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("insufficient_scope");
      const stored = await ctx.db.selectFrom("oauth_tokens").select("token_hash").execute();
      expect(JSON.stringify(stored)).not.toContain(token);
      const apps = await ctx.db.selectFrom("oauth_clients").select("secret_hash").where("id", "=", app.id).executeTakeFirstOrThrow();
      expect(apps.secret_hash).not.toContain(app.clientSecret);
      ctx.clock.advance(900_000);
      const expired = await members(token);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe("access_token_expired");
    });

    it("scope narrows within the app's scopes, in canonical order", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read", "users.list", "users.get"]);
      const res = await oauthPost(ctx, "token", { grant_type: "client_credentials", scope: "users.get users.list" }, basic(app.clientId, app.clientSecret));
      expect(res.body.scope).toBe("users.list users.get");
      expect((await members(res.body.access_token)).body.code).toBe("insufficient_scope");
    });

    it("revocation (RFC 7009): the token fails from that moment; unknown and foreign tokens answer 200", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read"]);
      const other = await oauthApp(ctx, o, ["members:read"]);
      const token = await tokenFor(ctx, app);
      const foreign = await oauthPost(ctx, "revoke", { token }, basic(other.clientId, other.clientSecret));
      expect(foreign.status).toBe(200);
      expect((await members(token)).status).toBe(200);
      const res = await oauthPost(ctx, "revoke", { token, token_type_hint: "access_token" }, basic(app.clientId, app.clientSecret));
      expect(res.status).toBe(200);
      const after = await members(token);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe("access_token_revoked");
      expect((await oauthPost(ctx, "revoke", { token: "hat_unknown" }, basic(app.clientId, app.clientSecret))).status).toBe(200);
      expect((await oauthPost(ctx, "revoke", { token }, basic(app.clientId, app.clientSecret))).status).toBe(200);
    });

    it("disabling an app stops its tokens at once and refuses new ones; enabling restores issuing, deleting removes it", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read"]);
      const token = await tokenFor(ctx, app);
      expect((await call(ctx, "POST", `/v1/team/oauth-apps/${app.id}/disable`, { key: o.adminKey })).body.status).toBe("disabled");
      expect((await members(token)).body.code).toBe("access_token_revoked");
      const refused = await oauthPost(ctx, "token", { grant_type: "client_credentials" }, basic(app.clientId, app.clientSecret));
      expect(refused).toMatchObject({ status: 400, body: { error: "unauthorized_client" } });
      expect((await call(ctx, "POST", `/v1/team/oauth-apps/${app.id}/enable`, { key: o.adminKey })).body.status).toBe("active");
      const fresh = await tokenFor(ctx, app);
      expect((await members(fresh)).status).toBe(200);
      const list = await call(ctx, "GET", "/v1/team/oauth-apps", { key: o.adminKey });
      expect(list.body.data.map((a: { id: string }) => a.id)).toContain(app.id);
      expect(JSON.stringify(list.body)).not.toContain(app.clientSecret);
      expect((await call(ctx, "DELETE", `/v1/team/oauth-apps/${app.id}`, { key: o.adminKey })).status).toBe(204);
      expect((await members(fresh)).body.code).toBe("access_token_invalid");
      expect((await oauthPost(ctx, "token", { grant_type: "client_credentials" }, basic(app.clientId, app.clientSecret))).status).toBe(401);
    });
  });

  describe("errors (RFC 6749 §5.2)", () => {
    it("invalid_client is a 401 with WWW-Authenticate: Basic; the others are 400 in the RFC's shape", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read"]);
      const auth = basic(app.clientId, app.clientSecret);
      for (const authorization of [undefined, basic(app.clientId, "hcs_wrongwrongwrongwrongwrongwrongwrongwrongwro"), basic("oac_nope", app.clientSecret), "Bearer x", "Basic !!!"]) {
        const res = await oauthPost(ctx, "token", { grant_type: "client_credentials" }, authorization);
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
        expect(res.body.error).toBe("invalid_client");
      }
      expect((await oauthPost(ctx, "token", { grant_type: "password" }, auth)).body.error).toBe("unsupported_grant_type");
      expect((await oauthPost(ctx, "token", {}, auth)).body.error).toBe("invalid_request");
      expect((await oauthPost(ctx, "token", { grant_type: "client_credentials", scope: "members:write" }, auth)).body.error).toBe("invalid_scope");
      expect((await oauthPost(ctx, "token", { grant_type: "client_credentials", scope: "nonsense" }, auth)).body.error).toBe("invalid_scope");
      const json = await ctx.app.request("/v1beta1/users/oauth2/token", { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: '{"grant_type":"client_credentials"}' });
      expect(json.status).toBe(400);
      expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
      expect((await oauthPost(ctx, "revoke", { token: "x", token_type_hint: "id_token" }, auth)).body.error).toBe("unsupported_token_type");
      expect((await oauthPost(ctx, "revoke", {}, auth)).body.error).toBe("invalid_request");
      expect((await oauthPost(ctx, "revoke", { token: "x" })).status).toBe(401);
    });

    it("app creation refuses unknown or no scopes (400) and another organization's app (404)", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const app = await oauthApp(ctx, other, ["members:read"]);
      expect((await call(ctx, "POST", "/v1/team/oauth-apps", { key: o.adminKey, body: { name: "x", scopes: [] } })).status).toBe(400);
      expect((await call(ctx, "POST", "/v1/team/oauth-apps", { key: o.adminKey, body: { name: "x", scopes: ["root"] } })).status).toBe(400);
      expect((await call(ctx, "DELETE", `/v1/team/oauth-apps/${app.id}`, { key: o.adminKey })).status).toBe(404);
      expect((await call(ctx, "POST", `/v1/team/oauth-apps/${app.id}/disable`, { key: o.adminKey })).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/oauth-apps" });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/oauth-apps", body: { name: "x", scopes: ["members:read"] } });
    itGuardsTeamSessions(ctx, "manage_integrations", () => ({ method: "POST", path: "/v1/team/oauth-apps", body: { name: "x", scopes: ["members:read"] } }));

    it("an app grants no more than its creator: an admin's app acts with the admin's standing, and stops when they are suspended", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await call(ctx, "POST", "/v1/team/oauth-apps", { body: { name: "SIEM", scopes: ["members:read", "members:suspend"] }, headers: asMember(admin) });
      expect(res.status).toBe(201);
      const token = await tokenFor(ctx, res.body);
      expect((await call(ctx, "POST", `/v1/team/members/${owner.userId}/suspend`, { key: token, body: {} })).body.code).toBe("owner_required");
      await ctx.db.updateTable("memberships").set({ state: "suspended", suspended_at: ctx.clock.now(), deauthorize_at: ctx.clock.now(), suspended_from: "active" }).where("user_id", "=", admin.userId).execute();
      expect((await members(token)).body.code).toBe("permission_required");
    });

    it("a token of one organization never reaches another's members", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const p = await provision(ctx, other);
      const token = await tokenFor(ctx, await oauthApp(ctx, o, ["members:read"]));
      expect((await call(ctx, "GET", `/v1/team/members/${p.userId}`, { key: token })).status).toBe(404);
    });

    it("client authentication is rate limited per address (429)", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read"]);
      const wrong = basic(app.clientId, "hcs_wrongwrongwrongwrongwrongwrongwrongwrongwro");
      let last = 0;
      for (let i = 0; i < 61; i++) last = (await oauthPost(ctx, "token", { grant_type: "client_credentials" }, wrong, "10.7.7.7")).status;
      expect(last).toBe(429);
    });
  });

  describe("concurrency", () => {
    it("50 revocations of one token at once: all 200, one audit event", async () => {
      const o = await org(ctx);
      const app = await oauthApp(ctx, o, ["members:read"]);
      const token = await tokenFor(ctx, app);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => oauthPost(ctx, "revoke", { token }, basic(app.clientId, app.clientSecret), `10.8.${i}.1`)));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      const events = await ctx.db.selectFrom("audit_events").select("id").where("organization_id", "=", o.organizationId).where("action", "=", "oauth_token.revoked").execute();
      expect(events).toHaveLength(1);
    });
  });
});
