import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, type ErrorCode } from "../../domain/errors.js";
import { ScimError, type ScimType } from "../../domain/scim/errors.js";
import { URN } from "../../domain/scim/schemas.js";
import type { AppEnv } from "../env.js";

/** SCIM answers are application/scim+json (RFC 7644 §3.1), errors included. */
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

/** The scimType a domain refusal carries, where SCIM defines one. */
const SCIM_TYPES: Partial<Record<ErrorCode, ScimType>> = {
  validation_failed: "invalidValue",
  invalid_json: "invalidSyntax",
  email_taken: "uniqueness",
  group_name_taken: "uniqueness",
  last_owner: "mutability",
  cannot_act_on_self: "mutability",
  builtin_group_protected: "mutability",
  member_not_suspended: "mutability",
  transfer_target_invalid: "invalidValue",
};

/** The SCIM error body (RFC 7644 §3.12): `status` is a string there. */
export function scimErrorResponse(c: Context<AppEnv>, status: number, scimType: ScimType | undefined, detail: string, headers: Record<string, string> = {}) {
  const body = { schemas: [URN.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
  const all: Record<string, string> = { "content-type": SCIM_CONTENT_TYPE, ...headers };
  const limits = c.get("rateLimit");
  if (limits) {
    all["ratelimit-policy"] = limits.policy;
    all.ratelimit = limits.state;
  }
  if (status === 401) all["www-authenticate"] = `Bearer realm="handoff-scim", error="invalid_token"`;
  const requestId = c.get("requestId");
  if (requestId) all["x-request-id"] = requestId;
  return new Response(JSON.stringify(body), { status, headers: all });
}

/** The SCIM sub-application's error handler: every refusal in SCIM's shape, an unknown error a generic 500. */
export function handleScimError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ScimError) return scimErrorResponse(c, err.status, err.scimType, err.detail);
  if (err instanceof DomainError) {
    const detail = err.errors?.length ? `${err.detail ?? err.message} (${err.errors.map((e) => `${e.path}: ${e.message}`).join("; ")})` : (err.detail ?? err.message);
    return scimErrorResponse(c, err.status, SCIM_TYPES[err.code], detail, err.headers);
  }
  if (err instanceof HTTPException && err.status < 500) return scimErrorResponse(c, err.status, undefined, err.message || "The request was refused.");
  c.get("deps")?.logger.error("unhandled SCIM error", {
    requestId: c.get("requestId"),
    method: c.req.method,
    route: c.req.routePath,
    error: err.name,
    message: err.message,
    stack: err.stack,
  });
  return scimErrorResponse(c, 500, undefined, "An unexpected error occurred. Quote the request id when reporting it.");
}
