import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DomainError } from "../../domain/errors.js";
import { USERS_API_STATUSES, usersApiStatusOf, type UsersApiStatus } from "../../domain/users-api.js";
import { logUnhandled, printable, PROBLEM_TEXT_MAX } from "../../http/errors.js";
import type { AppEnv } from "../../http/env.js";

/**
 * How the Users API answers errors: Google's JSON error model (AIP-193), as 1Password's v1beta1 APIs
 * do, instead of the problem+json of /v1 — integrations written for 1Password parse this shape.
 * Every error of these routes, including authentication and rate limiting, takes it.
 */
const STATUS_NAMES = Object.keys(USERS_API_STATUSES) as [UsersApiStatus, ...UsersApiStatus[]];

export const UsersApiErrorSchema = z
  .object({
    error: z.object({
      code: z.number().int().min(400).max(599).openapi({ format: "int32", description: "The HTTP status", example: 400 }),
      message: z.string().max(PROBLEM_TEXT_MAX).openapi({ example: "filter must be empty, `user.isActive()` or `user.isSuspended()`." }),
      status: z.enum(STATUS_NAMES).openapi({ description: "The canonical error code (google.rpc.Code name)" }),
    }),
  })
  .openapi("UsersApiError");

const DESCRIPTIONS: Record<number, string> = {
  400: "INVALID_ARGUMENT (a parameter, the User-Agent header) or FAILED_PRECONDITION (e.g. the last owner cannot be suspended)",
  401: "UNAUTHENTICATED: no bearer token, or one that is malformed, unknown, expired or revoked (with `WWW-Authenticate`)",
  403: "PERMISSION_DENIED: the token lacks the operation's scope, or its creator no longer holds the permission",
  404: "NOT_FOUND: no such user, or an account other than the token's",
  429: "RESOURCE_EXHAUSTED: too many requests; wait Retry-After seconds",
  500: "INTERNAL: an unexpected failure; quote the x-request-id",
};

/** The error answers every Users API operation declares (in this API's shape, not problem+json). */
export function usersApiErrorResponses(...statuses: (400 | 401 | 403 | 404 | 429 | 500)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s]!, content: { "application/json": { schema: UsersApiErrorSchema } } }]),
  );
}

export function usersApiError(c: Context<AppEnv>, status: UsersApiStatus, message: string, headers: Record<string, string> = {}): Response {
  const code = USERS_API_STATUSES[status];
  const out: Record<string, string> = { "cache-control": "no-store", ...headers };
  const limits = c.get("rateLimit");
  if (limits) {
    out["ratelimit-policy"] = limits.policy;
    out.ratelimit = limits.state;
  }
  return c.json({ error: { code, message: printable(message), status } }, code, out);
}

/**
 * A thrown error as this API answers it. Bearer challenges follow RFC 6750 §3: `invalid_token` for a
 * bad token (none when there was no token at all), `insufficient_scope` naming the scope needed.
 */
export function renderUsersApiError(c: Context<AppEnv>, err: unknown, scope?: string): Response {
  if (!(err instanceof DomainError)) {
    logUnhandled(err instanceof Error ? err : new Error(String(err)), c);
    return usersApiError(c, "INTERNAL", "An unexpected error occurred. Quote the x-request-id when reporting it.");
  }
  const status = usersApiStatusOf(err.code, err.statusOverride);
  const headers: Record<string, string> = { ...err.headers };
  if (status === "UNAUTHENTICATED") {
    headers["www-authenticate"] = err.code === "missing_credentials" ? 'Bearer realm="handoff"' : 'Bearer realm="handoff", error="invalid_token"';
  }
  if (err.code === "insufficient_scope" && scope) headers["www-authenticate"] = `Bearer realm="handoff", error="insufficient_scope", scope="${scope}"`;
  return usersApiError(c, status, err.detail ?? err.message, headers);
}
