import type { TestContext } from "../../support/context.js";
import type { Org } from "../../support/factories.js";
import { call, type Reply } from "../../support/http.js";
import { basic, oauthApp, oauthPost, type App } from "../oauth/support.js";

export const USER_AGENT = "HandoffTests/1.0";
let address = 0;

/** A token for `app` (from a fresh address each time: client authentication is limited per address). */
export async function usersToken(ctx: TestContext, app: App, scope?: string): Promise<string> {
  const ip = `10.77.${Math.floor(address / 250) % 250}.${(address++ % 250) + 1}`;
  const res = await oauthPost(ctx, "token", { grant_type: "client_credentials", ...(scope ? { scope } : {}) }, basic(app.clientId, app.clientSecret), ip);
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

/** An OAuth app holding every Users API scope, and one of its tokens. */
export async function usersClient(ctx: TestContext, o: Org, scopes = ["users.list", "users.get", "users.suspend", "users.reactivate"]) {
  const app = await oauthApp(ctx, o, scopes);
  return { app, token: await usersToken(ctx, app) };
}

/** A Users API call as an integration makes it: bearer token and User-Agent. */
export function usersCall(ctx: TestContext, method: string, path: string, token: string | undefined, headers: Record<string, string> = {}): Promise<Reply> {
  return call(ctx, method, path, { key: token, headers: { "user-agent": USER_AGENT, ...headers } });
}

export const usersPath = (o: Org | string) => `/v1beta1/accounts/${typeof o === "string" ? o : o.organizationId}/users`;

/** The four operations, for one user of `o`. */
export function operations(o: Org | string, userId: string) {
  const base = usersPath(o);
  return [
    { name: "list", scope: "users.list", method: "GET", path: base },
    { name: "get", scope: "users.get", method: "GET", path: `${base}/${userId}` },
    { name: "suspend", scope: "users.suspend", method: "POST", path: `${base}/${userId}:suspend` },
    { name: "reactivate", scope: "users.reactivate", method: "POST", path: `${base}/${userId}:reactivate` },
  ] as const;
}
