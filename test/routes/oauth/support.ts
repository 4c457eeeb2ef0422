import type { TestContext } from "../../support/context.js";
import type { Org } from "../../support/factories.js";
import { call } from "../../support/http.js";

export type App = { id: string; clientId: string; clientSecret: string };

export async function oauthApp(ctx: TestContext, o: Org, scopes: string[], key = o.adminKey): Promise<App> {
  const res = await call(ctx, "POST", "/v1/team/oauth-apps", { key, body: { name: `app ${scopes.join(" ")}`, scopes } });
  if (res.status !== 201) throw new Error(`oauth app: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/** A form post to the token or revocation endpoint, as an OAuth client library sends it. */
export async function oauthPost(ctx: TestContext, path: "token" | "revoke", form: Record<string, string>, authorization?: string, ip = "10.9.9.9") {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "user-agent": "test-client/1.0", "x-forwarded-for": ip };
  if (authorization) headers.authorization = authorization;
  const res = await ctx.app.request(`/v1beta1/users/oauth2/${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export async function tokenFor(ctx: TestContext, app: App, scope?: string): Promise<string> {
  const res = await oauthPost(ctx, "token", { grant_type: "client_credentials", ...(scope ? { scope } : {}) }, basic(app.clientId, app.clientSecret));
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}
