import type { Context, MiddlewareHandler } from "hono";
import type { ApiRateLimits } from "../config.js";
import { sha256Hex } from "../domain/encoding.js";
import { clientIp } from "./client-ip.js";
import type { AppEnv } from "./env.js";
import { DomainError } from "../domain/errors.js";

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

/** A budget: counted in the shared row `scope:id` (e.g. `api:key:key_…`). */
type Policy = { name: "key" | "organization" | "ip"; scope: string; id: string; max: number };
/** Who is counted: an identified caller (key and organization) or a keyless client (address). */
type Kind = "caller" | "client";

/**
 * The caller is identified: count the call against its key and its organization. Synchronous while the
 * budgets are far from spent; in a budget's last tenth the decision waits for the shared count.
 */
export function limitCaller(c: Context<AppEnv>, caller: { keyId: string; organizationId: string }, now: Date): Promise<void> | undefined {
  const limits = c.get("deps").config.apiRateLimits;
  return count(c, "caller", now.getTime(), [
    { name: "key", scope: "api:key", id: caller.keyId, max: limits.perKey },
    { name: "organization", scope: "api:org", id: caller.organizationId, max: limits.perOrganization },
  ]);
}

/** A /v1 call without an API key: count it against the client's address (hashed: the table holds no addresses). */
export function limitClient(c: Context<AppEnv>): Promise<void> | undefined {
  const deps = c.get("deps");
  return count(c, "client", deps.clock.now().getTime(), [{ name: "ip", scope: "api:ip", id: sha256Hex(clientIp(c)), max: deps.config.apiRateLimits.perIp }]);
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
function count(c: Context<AppEnv>, kind: Kind, nowMs: number, policies: Policy[]): Promise<void> | undefined {
  const deps = c.get("deps");
  const limits = deps.config.apiRateLimits;
  const counted: Counted[] = [];
  let unsure: Counted[] | undefined;
  for (const policy of policies) {
    if (policy.max <= 0) continue;
    const margin = Math.max(1, Math.floor(policy.max / 10));
    const b = deps.rateCounter.hit(deps, policy.scope, policy.id, limits.windowSeconds, margin, nowMs);
    const entry = { policy, hits: b.known + b.inFlight + b.pending };
    counted.push(entry);
    const near = entry.hits > policy.max - margin || b.pending + b.inFlight > margin;
    if (near && b.known <= policy.max) (unsure ??= []).push(entry);
  }
  if (counted.length === 0) return undefined;
  if (!unsure) {
    decide(c, limits, kind, counted, nowMs);
    return undefined;
  }
  return Promise.all(
    unsure.map(async (entry) => {
      entry.hits = await deps.rateCounter.confirm(deps, entry.policy.scope, entry.policy.id, nowMs);
    }),
  ).then(() => decide(c, limits, kind, counted, nowMs));
}

/** The RateLimit-Policy values depend on the configuration only: built once. */
const policyFields = new WeakMap<ApiRateLimits, Record<Kind, string>>();

function policyField(limits: ApiRateLimits, kind: Kind): string {
  let fields = policyFields.get(limits);
  if (!fields) {
    const field = (policies: [string, number][]) =>
      policies
        .filter(([, max]) => max > 0)
        .map(([name, max]) => `"${name}";q=${max};w=${limits.windowSeconds}`)
        .join(", ");
    fields = {
      caller: field([
        ["key", limits.perKey],
        ["organization", limits.perOrganization],
      ]),
      client: field([["ip", limits.perIp]]),
    };
    policyFields.set(limits, fields);
  }
  return fields[kind];
}

/** Sets the RateLimit fields (on the answer the route builds; problemResponse copies them onto errors) and refuses a spent budget. */
function decide(c: Context<AppEnv>, limits: ApiRateLimits, kind: Kind, counted: Counted[], nowMs: number): void {
  const windowMs = limits.windowSeconds * 1000;
  const reset = Math.max(1, Math.ceil((windowMs - (nowMs % windowMs)) / 1000));
  const policy = policyField(limits, kind);
  let state = "";
  let exceeded: Policy | undefined;
  for (const { policy: p, hits } of counted) {
    state += `${state ? ", " : ""}"${p.name}";r=${hits < p.max ? p.max - hits : 0};t=${reset}`;
    if (hits > p.max) exceeded ??= p;
  }
  c.set("rateLimit", { policy, state });
  c.header("ratelimit-policy", policy);
  c.header("ratelimit", state);
  if (exceeded) {
    throw new DomainError(
      "rate_limited",
      `The ${exceeded.name === "ip" ? "address" : exceeded.name} limit of ${exceeded.max} requests per ${limits.windowSeconds} s is used up; retry in ${reset} s.`,
      { headers: { "retry-after": String(reset) } },
    );
  }
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
