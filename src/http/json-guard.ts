import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";
import { DomainError } from "../domain/errors.js";
import { isStorableString } from "./schemas.js";

/** Deeper JSON is refused before validation: no schema needs more, and deep values overflow recursive code. */
export const MAX_JSON_DEPTH = 32;

const JSON_TYPE = /^application\/([a-z-.]+\+)?json/i;

/**
 * Parses a JSON body once, before any route sees it, and refuses what no schema can make safe: a body
 * nested deeper than MAX_JSON_DEPTH, and a NUL or an unpaired surrogate in any string or key, at any
 * depth (free-form fields such as `metadata` included), which PostgreSQL would refuse with a 500.
 * Each is a 400 naming the field. The parsed value is handed to the route's validator as is.
 */
export const jsonGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header("content-type");
  if (!type || !JSON_TYPE.test(type)) return next();
  const raw = await c.req.text();
  if (raw.trim() === "") return next();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new DomainError("invalid_json", "The body is not valid JSON.");
  }
  const problem = findUnsafe(value);
  if (problem) {
    throw new DomainError("validation_failed", `${problem.path}: ${problem.message}`, { errors: [problem] });
  }
  c.req.bodyCache.json = Promise.resolve(value);
  await next();
};

/** The first unsafe place in a parsed JSON value, walked without recursion (so depth cannot overflow it). */
export function findUnsafe(root: unknown): { path: string; message: string } | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorableString(value)) return { path: fieldPath(path), message: "must not contain NUL characters or unpaired surrogates" };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_JSON_DEPTH) return { path: fieldPath(path), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (!isStorableString(key)) return { path: fieldPath([...path, key]), message: "the key must not contain NUL characters or unpaired surrogates" };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

function fieldPath(path: string[]): string {
  return path.length === 0 ? "(body)" : path.join(".");
}
