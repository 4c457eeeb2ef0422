/**
 * What every operation can answer because of the middleware in front of all of them, added to the
 * generated OpenAPI document in one place (beside that middleware, so it cannot drift from it):
 *
 * - 400 where there are parameters or a body to validate (a malformed path id, query, header or JSON);
 * - 404 where there is a path id; 413 (body limit) and 415 (not JSON) where there is a body;
 * - 401 and 403 where a credential is needed (missing or bad, or the wrong kind);
 * - on /v1 and /v1beta1: the RateLimit and RateLimit-Policy headers on every 2xx and 4xx, and 429 with Retry-After;
 * - 500 everywhere (an unexpected failure, answered as a problem without internals).
 *
 * Route-specific answers (409, 410, 422, …) stay declared by each route.
 */
import { RATE_LIMIT_HEADERS } from "./api-rate-limit.js";

type Json = Record<string, any>;

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

const descriptions: Record<string, string> = {
  "400": "The request is not valid (the problem's `errors` name each field)",
  "401": "Missing, malformed, unknown, revoked or expired credentials",
  "403": "The credential may not perform this operation",
  "404": "Not found (or belongs to another organization)",
  "413": "The body is too large",
  "415": "The body must be application/json",
  "429": "Too many requests; wait Retry-After seconds",
  "500": "An unexpected failure; quote the request id",
};

const problem = (status: string) => ({
  description: descriptions[status] ?? "Error",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** Adds the shared answers to a generated document (in place) and returns it. */
export function completeContract(doc: Json): Json {
  doc.components ??= {};
  doc.components.headers = { ...doc.components.headers, ...RATE_LIMIT_HEADERS };
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!METHODS.has(method)) continue;
      const parameters: Json[] = op.parameters ?? [];
      const responses: Json = (op.responses ??= {});
      const add = (status: string) => (responses[status] ??= problem(status));
      if (parameters.length > 0 || op.requestBody) add("400");
      if (parameters.some((p) => p.in === "path")) add("404");
      if (op.requestBody) {
        add("413");
        add("415");
      }
      if (op.security?.length) {
        add("401");
        add("403");
      }
      // /v1beta1 (the Users API and its OAuth endpoints) counts against the same limits.
      const limited = path.startsWith("/v1/") || path.startsWith("/v1beta1/");
      if (limited) add("429");
      add("500");
      for (const [status, response] of Object.entries<Json>(responses)) {
        if (limited && /^[24]/.test(status)) {
          response.headers = {
            ...response.headers,
            RateLimit: { $ref: "#/components/headers/RateLimit" },
            "RateLimit-Policy": { $ref: "#/components/headers/RateLimit-Policy" },
          };
        }
        if (status === "429") response.headers = { ...response.headers, "Retry-After": { $ref: "#/components/headers/Retry-After" } };
      }
      op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return doc;
}
