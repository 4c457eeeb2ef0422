import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./env.js";
import { errorCodes, type ErrorCode, type FieldError } from "../domain/errors.js";
import { problemResponse } from "./errors.js";

export type Router = OpenAPIHono<AppEnv>;

/** Schema failures become the one problem shape with `{ path, message }` per field, never raw validator output. */
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const where = result.target === "json" ? "" : `${result.target}.`;
  const errors: FieldError[] = result.error.issues.map((issue) => {
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
    type: z.string().openapi({ example: "https://handoff.dev/problems/not-found" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
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
  429: "Too many attempts; see Retry-After",
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
export const teamSecurity: Record<string, string[]>[] = [{ adminKey: [] }, { session: [] }];
export const projectSecurity = [{ projectKey: [] }];

export const PaginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Page size, 1–100 (default 20)" }),
  cursor: z.string().max(500).optional().openapi({ description: "The nextCursor of the previous page" }),
});

export function jsonBody<T extends z.ZodType>(schema: T, required = true) {
  return { body: { required, content: { "application/json": { schema } } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export function idParam(prefix: string) {
  return z.object({
    id: z
      .string()
      .max(64)
      .openapi({ param: { name: "id", in: "path" }, example: `${prefix}_V1StGXR8Z5jdHi6BmyT2a` }),
  });
}

/** Creates accept it: a retry with the same key returns the first response instead of acting twice. */
export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: "Retries with the same key return the first response instead of provisioning again" }),
});
