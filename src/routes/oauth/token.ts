import { createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { DomainError } from "../../domain/errors.js";
import { OAuthError, parseBasicCredentials } from "../../domain/oauth.js";
import { LIMITS } from "../../domain/rate-limits.js";
import { clientIp } from "../../http/client-ip.js";
import { limitClient } from "../../http/api-rate-limit.js";
import type { AppEnv } from "../../http/env.js";
import { errorResponses, type Router } from "../../http/openapi.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { authenticateClient, issueAccessToken, revokeAccessToken } from "../../services/oauth/tokens.js";

/**
 * The OAuth 2.0 endpoints of the Users API, exactly as RFC 6749 (§4.4 client credentials, §5.1 and
 * §5.2 answers) and RFC 7009 (revocation) describe them: form-encoded requests, the client
 * authenticated with HTTP Basic, JSON answers with `Cache-Control: no-store`, and errors in the
 * RFC's own shape (`{ error, error_description }`), not problem+json — OAuth clients parse that.
 */
const tags = ["OAuth 2.0"];
const security = [{ oauthClient: [] }];
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

const OAuthErrorSchema = z
  .object({
    error: z.enum(["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "unsupported_token_type"]),
    error_description: z.string().max(300).optional(),
  })
  .openapi("OAuthError");

const oauthError = (description: string) => ({ description, content: { "application/json": { schema: OAuthErrorSchema } } });
const oauthErrors = {
  400: oauthError("RFC 6749 §5.2: invalid_request, invalid_scope, unsupported_grant_type, unauthorized_client (or RFC 7009 unsupported_token_type)"),
  401: {
    ...oauthError("invalid_client: client authentication failed (with `WWW-Authenticate: Basic`)"),
    headers: { "WWW-Authenticate": { schema: { type: "string" as const, maxLength: 100 }, description: 'Basic realm="handoff"' } },
  },
  ...errorResponses(429),
};

const TokenRequest = z
  .object({
    grant_type: z.string().max(64).openapi({ example: "client_credentials", description: "Must be `client_credentials`" }),
    scope: z.string().max(1000).optional().openapi({ example: "users.list users.get", description: "Space-delimited scopes within the client's; default: all of them" }),
  })
  .openapi("TokenRequest");

const TokenResponse = z
  .object({
    access_token: z.string().max(100),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().min(1).max(900).openapi({ format: "int32" }),
    scope: z.string().max(1000).openapi({ description: "The granted scopes, space-delimited" }),
  })
  .openapi("TokenResponse");

const RevokeRequest = z
  .object({
    token: z.string().max(1000).openapi({ example: "hat_…", description: "The access token to revoke" }),
    token_type_hint: z.string().max(64).optional().openapi({ example: "access_token" }),
  })
  .openapi("RevokeRequest");

const form = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/x-www-form-urlencoded": { schema } } } });

function answerError(c: Context<AppEnv>, err: OAuthError): Response {
  const headers: Record<string, string> = { ...NO_STORE, "content-type": "application/json" };
  const limits = c.get("rateLimit");
  if (limits) {
    headers["ratelimit-policy"] = limits.policy;
    headers.ratelimit = limits.state;
  }
  if (err.status === 401) headers["www-authenticate"] = 'Basic realm="handoff", charset="UTF-8"';
  return new Response(JSON.stringify({ error: err.error, error_description: err.description }), { status: err.status, headers });
}

/** Before the body validator: a body that is not form-encoded is `invalid_request`, not a problem+json 415. */
const formOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Every call counts against the address's /v1 budget (RateLimit headers on every answer).
  await limitClient(c);
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header("content-type") ?? "")) {
    return answerError(c, new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded."));
  }
  await next();
};

const token = createRoute({
  operationId: "oauthToken",
  method: "post",
  path: "/v1beta1/users/oauth2/token",
  tags,
  summary: "Obtain an access token with the client credentials grant (RFC 6749 §4.4)",
  description:
    "HTTP Basic `client_id:client_secret`, form body `grant_type=client_credentials` and optionally `scope`. The token is opaque, lives 15 minutes and works on the Users API and on /v1/team routes within its scopes.",
  security,
  middleware: [formOnly] as const,
  request: form(TokenRequest),
  responses: {
    200: { description: "The access token (RFC 6749 §5.1)", content: { "application/json": { schema: TokenResponse } } },
    ...oauthErrors,
  },
});

const revoke = createRoute({
  operationId: "oauthRevoke",
  method: "post",
  path: "/v1beta1/users/oauth2/revoke",
  tags,
  summary: "Revoke an access token (RFC 7009); 200 whether or not the token was known",
  description: "HTTP Basic client authentication, form body `token=…`. The token fails from this moment on every instance.",
  security,
  middleware: [formOnly] as const,
  request: form(RevokeRequest),
  responses: { 200: { description: "Revoked (or unknown, expired or another client's: nothing to do)" }, ...oauthErrors },
});


/** A body that failed the schema (a missing parameter) is `invalid_request`, in the RFC's shape. */
const invalidRequest = (result: { success: boolean }, c: Context<AppEnv>) =>
  result.success ? undefined : answerError(c, new OAuthError("invalid_request", "A required parameter is missing or malformed."));

/**
 * Client authentication with a per-address limit on attempts (secrets are guessable only by trying),
 * then a per-client limit on tokens issued.
 */
async function authenticated(c: Context<AppEnv>) {
  const deps = c.get("deps");
  await consumeRateLimit(deps, LIMITS.oauthPerIp, clientIp(c));
  const creds = parseBasicCredentials(c.req.header("authorization"));
  if (!creds) throw new OAuthError("invalid_client", "Authenticate the client with HTTP Basic (client_id:client_secret).");
  const client = await authenticateClient(deps, creds);
  await consumeRateLimit(deps, LIMITS.oauthPerClient, client.id);
  return client;
}

/** Form parameters must not repeat (RFC 6749 §3.2) and must come form-encoded. */
async function params(c: Context<AppEnv>): Promise<Record<string, string>> {
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header("content-type") ?? "")) {
    throw new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
  }
  const body = new URLSearchParams(await c.req.text());
  const out: Record<string, string> = {};
  for (const [k, v] of body) {
    if (k in out) throw new OAuthError("invalid_request", `The parameter ${k.slice(0, 40)} is repeated.`);
    out[k] = v;
  }
  return out;
}

function run(c: Context<AppEnv>, work: () => Promise<Response>): Promise<Response> {
  return work().catch((err: unknown) => {
    if (err instanceof OAuthError) return answerError(c, err);
    if (err instanceof DomainError && err.code === "rate_limited") throw err;
    throw err;
  });
}

export function registerOAuthTokenRoutes(app: Router) {
  app.openapi(
    token,
    (c) =>
      run(c, async () => {
        const client = await authenticated(c);
        const p = await params(c);
        if (!p.grant_type) throw new OAuthError("invalid_request", "grant_type is required.");
        if (p.grant_type !== "client_credentials") throw new OAuthError("unsupported_grant_type", "Only client_credentials is supported.");
        const issued = await issueAccessToken(c.get("deps"), client, p.scope, c.get("requestId") ?? null);
        const body = { access_token: issued.accessToken, token_type: "Bearer" as const, expires_in: issued.expiresIn, scope: issued.scopes.join(" ") };
        return c.json(body, 200, NO_STORE);
      }) as never,
    invalidRequest as never,
  );
  app.openapi(
    revoke,
    (c) =>
      run(c, async () => {
        const client = await authenticated(c);
        const p = await params(c);
        if (!p.token) throw new OAuthError("invalid_request", "token is required.");
        if (p.token_type_hint !== undefined && p.token_type_hint !== "access_token" && p.token_type_hint !== "refresh_token") {
          throw new OAuthError("unsupported_token_type", "Only access tokens are issued here.");
        }
        await revokeAccessToken(c.get("deps"), client, p.token, c.get("requestId") ?? null);
        return c.body(null, 200, NO_STORE);
      }) as never,
    invalidRequest as never,
  );
}
