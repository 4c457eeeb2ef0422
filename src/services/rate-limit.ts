import { sql } from "kysely";
import { retryAfterSeconds, type Limit } from "../domain/rate-limits.js";
import { sha256Hex } from "../domain/encoding.js";
import type { AppDeps } from "../deps.js";
import { DomainError } from "../domain/errors.js";

/**
 * Counts one attempt against a fixed-window limit, in one atomic upsert, so concurrent attempts on
 * any number of instances are all counted. The subject (an IP, an email) is hashed: the table holds
 * no addresses. Throws 429 `rate_limited` with Retry-After once the window is full.
 */
export async function consumeRateLimit(deps: AppDeps, limit: Limit, subject: string): Promise<void> {
  const now = deps.clock.now();
  const bucket = `${limit.name}:${await sha256Hex(subject.toLowerCase())}`;
  const windowFloor = new Date(now.getTime() - limit.windowSeconds * 1000);
  const row = await deps.db
    .insertInto("rate_limits")
    .values({ bucket, window_start: now, hits: 1 })
    .onConflict((oc) =>
      oc.column("bucket").doUpdateSet({
        hits: sql`case when rate_limits.window_start <= ${windowFloor} then 1 else rate_limits.hits + 1 end`,
        window_start: sql`case when rate_limits.window_start <= ${windowFloor} then ${now} else rate_limits.window_start end`,
      }),
    )
    .returning(["hits", "window_start"])
    .executeTakeFirstOrThrow();
  if (row.hits > limit.max) {
    const retryAfter = retryAfterSeconds(limit, row.window_start, now);
    throw new DomainError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds.`, {
      headers: { "retry-after": String(retryAfter) },
    });
  }
}
