import type { Context, MiddlewareHandler } from "hono";
import { sha256Hex } from "../domain/encoding.js";
import { clientIp } from "./client-ip.js";
import type { AppEnv } from "./env.js";
import { ApiError } from "./errors.js";

/**
 * Rate limits on /v1, with the header fields of the IETF draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers-10): every answer to an identified caller says
 *
 *   RateLimit-Policy: "key";q=1200;w=60, "organization";q=12000;w=60
 *   RateLimit: "key";r=1187;t=42, "organization";r=11503;t=42
 *
 * (`q` requests per window of `w` seconds; `r` remaining, `t` seconds until the window resets), and a
 * request past a limit is a 429 `rate_limited` problem with Retry-After. A call with an API key counts
 * against that key and against its organization; a /v1 call with no key (claim preview, claim)
 * against the client's address. The counts are shared by every instance (services/rate-counter.ts).
 */

type Policy = { name: "key" | "organization" | "ip"; bucket: string; max: number };

/**
 * The caller is identified: count the call against its key and its organization. Synchronous while the
 * budgets are far from spent; in a budget's last tenth the decision waits for the shared count.
 */
export function limitCaller(c: Context<AppEnv>, caller: { keyId: string; organizationId: string }): Promise<void> | undefined {
  const limits = c.get("deps").config.apiRateLimits;
  return count(c, [
    { name: "key", bucket: `api:key:${caller.keyId}`, max: limits.perKey },
    { name: "organization", bucket: `api:org:${caller.organizationId}`, max: limits.perOrganization },
  ]);
}

/** A /v1 call without an API key: count it against the client's address (hashed: the table holds no addresses). */
export function limitClient(c: Context<AppEnv>): Promise<void> | undefined {
  const limits = c.get("deps").config.apiRateLimits;
  return count(c, [{ name: "ip", bucket: `api:ip:${sha256Hex(clientIp(c))}`, max: limits.perIp }]);
}

/** For /v1 routes that take no API key. */
export const limitClientMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  await limitClient(c);
  await next();
};

type Counted = { policy: Policy; hits: number };

/**
 * Counts the call in every budget. Far from a limit the in-memory estimate decides at once (no I/O).
 * The call waits until its hit is in the shared row, and decides on the fleet-wide count, when the
 * budget is in its last tenth (so instances do not each spend the end of it) or when this instance
 * holds a tenth of the budget unsent (a slow database cannot let its estimate drift). A budget the
 * database already reported spent refuses at once, without waiting.
 */
function count(c: Context<AppEnv>, policies: Policy[]): Promise<void> | undefined {
  const deps = c.get("deps");
  const { windowSeconds } = deps.config.apiRateLimits;
  const nowMs = deps.clock.now().getTime();
  const counted: Counted[] = [];
  let unsure: Counted[] | undefined;
  for (const policy of policies) {
    if (policy.max <= 0) continue;
    const margin = marginOf(policy.max);
    const hits = deps.rateCounter.hit(deps, policy.bucket, windowSeconds, margin, nowMs);
    const entry = { policy, hits };
    counted.push(entry);
    const near = hits > policy.max - margin || deps.rateCounter.unsent(policy.bucket) > margin;
    if (near && deps.rateCounter.confirmed(policy.bucket) <= policy.max) (unsure ??= []).push(entry);
  }
  if (counted.length === 0) return undefined;
  if (!unsure) {
    decide(c, counted, nowMs);
    return undefined;
  }
  return Promise.all(
    unsure.map(async (entry) => {
      entry.hits = await deps.rateCounter.confirm(deps, entry.policy.bucket, nowMs);
    }),
  ).then(() => decide(c, counted, nowMs));
}

/** Every instance sends its count after a tenth of a budget at most; the last tenth is confirmed call by call. */
function marginOf(max: number): number {
  return Math.max(1, Math.floor(max / 10));
}

function decide(c: Context<AppEnv>, counted: Counted[], nowMs: number): void {
  const windowSeconds = c.get("deps").config.apiRateLimits.windowSeconds;
  const windowMs = windowSeconds * 1000;
  const reset = Math.max(1, Math.ceil((windowMs - (nowMs % windowMs)) / 1000));
  let policy = "";
  let state = "";
  for (const { policy: p, hits } of counted) {
    const sep = policy ? ", " : "";
    policy += `${sep}"${p.name}";q=${p.max};w=${windowSeconds}`;
    state += `${sep}"${p.name}";r=${Math.max(0, p.max - hits)};t=${reset}`;
  }
  c.set("rateLimit", { policy, state });
  const exceeded = counted.find((e) => e.hits > e.policy.max)?.policy;
  if (exceeded) {
    throw new ApiError(
      "rate_limited",
      `The ${exceeded.name === "ip" ? "address" : exceeded.name} limit of ${exceeded.max} requests per ${windowSeconds} s is used up; retry in ${reset} s.`,
      { headers: { "retry-after": String(reset) } },
    );
  }
}

/** After the route ran: the answer carries the caller's limits (set by limitCaller / limitClient), errors included. */
export function writeRateLimitHeaders(c: Context<AppEnv>): void {
  const limit = c.get("rateLimit");
  if (!limit) return;
  c.res.headers.set("ratelimit-policy", limit.policy);
  c.res.headers.set("ratelimit", limit.state);
}

/** How the OpenAPI document declares the fields (components.headers). */
export const RATE_LIMIT_HEADERS = {
  RateLimit: {
    description:
      'The caller\'s remaining quota per policy: `"key";r=<remaining>;t=<seconds until reset>` (IETF draft ' +
      "ratelimit-headers). Sent once the caller is identified (not on a 401).",
    schema: { type: "string", maxLength: 200, pattern: '^"[a-z]+";r=\\d+;t=\\d+(, "[a-z]+";r=\\d+;t=\\d+)*$' },
  },
  "RateLimit-Policy": {
    description:
      'The limits that apply: `"key";q=<requests>;w=<window seconds>`, `"organization";…` for API keys, `"ip";…` for calls without one.',
    schema: { type: "string", maxLength: 200, pattern: '^"[a-z]+";q=\\d+;w=\\d+(, "[a-z]+";q=\\d+;w=\\d+)*$' },
  },
  "Retry-After": {
    description: "Seconds to wait before retrying",
    schema: { type: "integer", format: "int32", minimum: 1, maximum: 86400 },
  },
};
