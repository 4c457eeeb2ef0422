import type { Context } from "hono";
import { DomainError } from "../../domain/errors.js";
import { invalidSyntax, ScimError } from "../../domain/scim/errors.js";
import { findUnsafe } from "../json-guard.js";
import type { AppEnv } from "../env.js";

/** application/scim+json, and application/json (what some identity providers send). */
const SCIM_JSON = /^application\/(scim\+)?json\s*(;|$)/i;

/**
 * A SCIM request body: a JSON object, sent as application/scim+json or application/json, within the
 * body limit, with no NUL, unpaired surrogate or excessive depth anywhere (as the /v1 JSON guard).
 */
export async function readScimBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type");
  if (!type || !SCIM_JSON.test(type)) throw new ScimError(415, undefined, "Send the body as application/scim+json (or application/json).");
  const max = c.get("deps").config.maxBodyBytes;
  const declared = Number(c.req.header("content-length"));
  if (Number.isFinite(declared) && declared > max) throw new DomainError("payload_too_large", `Request bodies are limited to ${max} bytes.`);
  const raw = await c.req.text();
  if (new TextEncoder().encode(raw).length > max) throw new DomainError("payload_too_large", `Request bodies are limited to ${max} bytes.`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidSyntax("The body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalidSyntax("The body must be a JSON object.");
  const problem = findUnsafe(value);
  if (problem) throw new ScimError(400, "invalidValue", `${problem.path}: ${problem.message}`);
  return value as Record<string, unknown>;
}

/** A SCIM answer: the resource as JSON with SCIM's content type. */
export function scimJson(c: Context<AppEnv>, body: unknown, status: 200 | 201 = 200, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status, { "content-type": "application/scim+json; charset=utf-8", ...headers });
}
