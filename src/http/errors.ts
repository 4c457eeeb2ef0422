import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, errorCodes, type ErrorCode, type FieldError } from "../domain/errors.js";
import type { AppEnv } from "./env.js";

/**
 * Renders the domain's errors (src/domain/errors.ts: the closed list of codes and `DomainError`) as
 * the application/problem+json body (RFC 9457) every error response uses.
 */
export const PROBLEM_TYPE_BASE = "https://handoff.dev/problems/";

export function problemBody(code: ErrorCode, requestId: string, detail?: string, errors?: FieldError[], statusOverride?: 401 | 403) {
  const { title } = errorCodes[code];
  const status = statusOverride ?? errorCodes[code].status;
  return {
    type: PROBLEM_TYPE_BASE + code.replace(/_/g, "-"),
    title,
    status,
    detail: detail ?? title,
    code,
    requestId,
    ...(errors ? { errors } : {}),
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
  return problemResponse(c, "internal_error", "An unexpected error occurred. Quote the request id when reporting it.");
}
