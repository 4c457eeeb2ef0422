import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "./errors.js";
import { jsonGuard } from "./json-guard.js";
import type { AppEnv } from "./env.js";

/**
 * The APIs' request bodies: limited in size, and /v1 JSON parsed and checked once (json-guard.ts).
 * The OAuth endpoints under /v1beta1 take form bodies (RFC 6749): limited, not parsed as JSON.
 *
 * Only requests that carry a body are touched: reading the body stream on a GET makes the Node adapter
 * build a full Request object, which measurably slows the agents' hot path (GET /v1/me). Called from
 * the middleware that sets each request's dependencies rather than mounted on "/v1/*": a mounted layer
 * costs every request under it a promise and a dispatch (~0.6 µs of JavaScript per GET /v1/me, measured
 * in-process).
 */
export function apiBodies(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => problemResponse(c, "payload_too_large", `Request bodies are limited to ${maxBytes} bytes.`),
  });
  const limitAndParse: MiddlewareHandler<AppEnv> = (c, next) => limit(c, async () => void (await jsonGuard(c, next)));
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const path = c.req.path;
    if (under(path, "/v1")) return limitAndParse(c, next);
    if (under(path, "/v1beta1")) return limit(c, next);
    return next();
  };
}

/** As Hono mounts "/v1/*": the prefix itself and everything below it. */
function under(path: string, prefix: string): boolean {
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47 /* / */);
}
