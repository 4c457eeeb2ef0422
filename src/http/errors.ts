import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, errorCodes, type ErrorCode, type FieldError } from "../domain/errors.js";
import type { AppEnv } from "./env.js";

/**
 * Renders the domain's errors (src/domain/errors.ts: the closed list of codes and `DomainError`) as
 * the application/problem+json body (RFC 9457) every error response uses.
 */
export const PROBLEM_TYPE_BASE = "https://handoff.dev/problems/";
/** A problem lists at most this many field errors, each text at most PROBLEM_TEXT_MAX characters. */
export const MAX_FIELD_ERRORS = 50;
export const PROBLEM_TEXT_MAX = 2000;

/**
 * Problem texts may quote what the caller sent (a field name, a path): control characters and unpaired
 * surrogates are written as `\uXXXX`, so the body stays one printable line whatever came in.
 */
export function printable(s: string): string {
  const clean = s.replace(/[\u0000-\u001f\u007f\p{Cs}]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return clean.length > PROBLEM_TEXT_MAX ? `${clean.slice(0, PROBLEM_TEXT_MAX - 1)}…` : clean;
}

export function problemBody(code: ErrorCode, requestId: string, detail?: string, errors?: FieldError[], statusOverride?: 401 | 403) {
  const { title } = errorCodes[code];
  const status = statusOverride ?? errorCodes[code].status;
  return {
    type: PROBLEM_TYPE_BASE + code.replace(/_/g, "-"),
    title,
    status,
    detail: printable(detail ?? title),
    code,
    requestId,
    ...(errors ? { errors: errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({ path: printable(e.path), message: printable(e.message) })) } : {}),
  };
}

export function problemResponse(
  c: Context<AppEnv>,
  code: ErrorCode,
  detail?: string,
  extra?: { errors?: FieldError[] | undefined; headers?: Record<string, string> | undefined; statusOverride?: 401 | 403 | undefined },
): Response {
  const body = problemBody(code, c.get("requestId") ?? "unknown", detail, extra?.errors, extra?.statusOverride);
  const headers: Record<string, string> = { "content-type": "application/problem+json", ...extra?.headers };
  // The caller's rate limits, once counted (src/http/api-rate-limit.ts), go on errors too.
  const limits = c.get("rateLimit");
  if (limits) {
    headers["ratelimit-policy"] = limits.policy;
    headers.ratelimit = limits.state;
  }
  if (body.status === 401) headers["www-authenticate"] = `Bearer realm="handoff", error="invalid_token"`;
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** app.onError: domain errors keep their code; anything unknown is logged and answered with a generic 500. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof DomainError) return problemResponse(c, err.code, err.detail, err);
  if (err instanceof HTTPException) {
    if (err.status === 413) return problemResponse(c, "payload_too_large");
    if (err.status === 415) return problemResponse(c, "unsupported_media_type", "Send the body as application/json.");
    if (err.status === 400 && /json/i.test(err.message)) return problemResponse(c, "invalid_json", "The body is not valid JSON.");
    if (err.status === 401) return problemResponse(c, "missing_credentials");
    if (err.status === 404) return problemResponse(c, "not_found");
  }
  logUnhandled(err, c);
  return problemResponse(c, "internal_error", "An unexpected error occurred. Quote the request id when reporting it.");
}

/** An unexpected failure, logged with the request id (never answered with its message). */
export function logUnhandled(err: Error, c: Context<AppEnv>): void {
  const logger = c.get("deps")?.logger;
  logger?.error("unhandled error", {
    requestId: c.get("requestId"),
    method: c.req.method,
    // The route pattern (`/invite/:token`), never the raw path: paths carry link tokens.
    route: c.req.routePath,
    error: err.name,
    message: err.message,
    stack: err.stack,
  });
}
