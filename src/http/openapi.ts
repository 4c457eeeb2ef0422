import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";
import { errorCodes, type ErrorCode, type FieldError } from "../domain/errors.js";
import { MAX_FIELD_ERRORS, PROBLEM_TEXT_MAX, problemResponse } from "./errors.js";
import { SAFE_REQUEST_ID } from "./request-id.js";
import { idOf, int32, opaque, text, urlOut } from "./schemas.js";

export type Router = OpenAPIHono<AppEnv>;

/** Schema failures become the one problem shape with `{ path, message }` per field, never raw validator output. */
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const where = result.target === "json" ? "" : `${result.target}.`;
  const errors: FieldError[] = result.error.issues.slice(0, MAX_FIELD_ERRORS).map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : path;
    return { path: where + (field || "(body)"), message: issue.message };
  });
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  return problemResponse(c, "validation_failed", summary, { errors });
};

export function createRouter(): Router {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const ProblemSchema = z
  .object({
    type: urlOut.openapi({ example: "https://handoff.dev/problems/not-found" }),
    title: text(200),
    status: int32(400, 599),
    detail: text(PROBLEM_TEXT_MAX),
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    requestId: z.string().max(128).regex(SAFE_REQUEST_ID),
    errors: z
      .array(z.object({ path: text(PROBLEM_TEXT_MAX), message: text(PROBLEM_TEXT_MAX) }))
      .max(MAX_FIELD_ERRORS)
      .optional(),
  })
  .openapi("Problem");

const statusDescriptions: Record<number, string> = {
  400: "The request is not valid",
  401: "Missing, malformed, unknown, revoked or expired credentials",
  403: "The credential may not perform this operation",
  404: "Not found (or belongs to another organization)",
  409: "Conflicts with the current state",
  413: "The body is too large",
  410: "The link expired, was replaced or was cancelled",
  422: "The Idempotency-Key was used with a different request",
  415: "The body must be application/json",
  429: "Too many requests; wait Retry-After seconds",
  500: "An unexpected failure; quote the request id",
};

/** Declares error responses by status so the spec (and the SDK) know every error a route may give. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: statusDescriptions[status] ?? "Error",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

export const adminSecurity = [{ adminKey: [] }];
/** Team routes take the organization's admin key or a logged-in member's session. */
export const teamSecurity: Record<string, string[]>[] = [{ adminKey: [] }, { session: [] }, { oauthToken: [] }];
export const projectSecurity = [{ projectKey: [] }];

export const PaginationQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ description: "Page size, 1–100 (default 20)", format: "int32" }),
  // Anything else than a nextCursor is refused by decoding it, as a 400 `invalid_cursor`.
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: "The nextCursor of the previous page", pattern: "^[A-Za-z0-9_-]*$" }),
});

export function jsonBody<T extends z.ZodType>(schema: T, required = true) {
  return { body: { required, content: { "application/json": { schema } } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A path id: a malformed one (wrong prefix, stray characters) is a 400 naming `param.id`, before any lookup. */
export function idParam(prefix: string) {
  return z.object({ id: idOf(prefix).openapi({ param: { name: "id", in: "path" } }) });
}

/** Creates accept it: a retry with the same key returns the first response instead of acting twice. */
export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "must be 1–255 visible ASCII characters")
    .optional()
    .openapi({ description: "Retries with the same key return the first response instead of provisioning again" }),
});

/** A list's `nextCursor`: null on the last page. */
export const CursorOut = z.string().max(500).regex(/^[A-Za-z0-9_-]+$/).nullable();

/** A credential or token sent in a body (claim tokens). */
export const TokenField = opaque(1000);
