import { sql } from "kysely";
import { normalizeEmail } from "../../domain/claim-rules.js";
import { sha256Hex } from "../../domain/encoding.js";
import { delayAfter, LOGIN_THROTTLE } from "../../domain/login-throttle.js";
import type { AppDeps } from "../../deps.js";
import { DomainError } from "../../domain/errors.js";

/** Hashed buckets: the tables hold no email and no address. */
function buckets(email: string, address: string) {
  const account = normalizeEmail(email);
  return {
    perAddress: sha256Hex(`login:address:${account}|${address}`),
    perAccount: sha256Hex(`login:account:${account}`),
    known: sha256Hex(`login:known:${account}|${address}`),
  };
}

function tooMany(until: Date, now: Date): DomainError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new DomainError("rate_limited", `Too many wrong passwords; try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, {
    headers: { "retry-after": String(seconds) },
  });
}

/**
 * Refuses (429 with Retry-After) a login for this account from this address while a delay runs: the
 * address's own, or the account-wide one unless the person logged in from this address before.
 */
export async function assertLoginAllowed(deps: AppDeps, email: string, address: string): Promise<void> {
  const now = deps.clock.now();
  const b = buckets(email, address);
  const rows = await deps.db
    .selectFrom("login_failures")
    .select(["bucket", "blocked_until"])
    .where("bucket", "in", [b.perAddress, b.perAccount])
    .where("blocked_until", ">", now)
    .execute();
  const own = rows.find((r) => r.bucket === b.perAddress);
  if (own) throw tooMany(own.blocked_until!, now);
  const accountWide = rows.find((r) => r.bucket === b.perAccount);
  if (!accountWide) return;
  const known = await deps.db
    .selectFrom("login_addresses")
    .select("bucket")
    .where("bucket", "=", b.known)
    .where("last_success_at", ">", new Date(now.getTime() - LOGIN_THROTTLE.knownAddressSeconds * 1000))
    .executeTakeFirst();
  if (!known) throw tooMany(accountWide.blocked_until!, now);
}

/** One more wrong password: counted atomically (any number of instances), the next delay set. */
export async function recordLoginFailure(deps: AppDeps, email: string, address: string): Promise<void> {
  const now = deps.clock.now();
  const b = buckets(email, address);
  const forgetBefore = new Date(now.getTime() - LOGIN_THROTTLE.forgetAfterSeconds * 1000);
  for (const [bucket, free] of [
    [b.perAddress, LOGIN_THROTTLE.freePerAddress],
    [b.perAccount, LOGIN_THROTTLE.freePerAccount],
  ] as const) {
    const row = await deps.db
      .insertInto("login_failures")
      .values({ bucket, failures: 1, last_failed_at: now, blocked_until: null })
      .onConflict((oc) =>
        oc.column("bucket").doUpdateSet({
          failures: sql`case when login_failures.last_failed_at < ${forgetBefore} then 1 else login_failures.failures + 1 end`,
          last_failed_at: now,
        }),
      )
      .returning("failures")
      .executeTakeFirstOrThrow();
    const delay = delayAfter(row.failures, free);
    if (delay > 0) {
      await deps.db
        .updateTable("login_failures")
        .set({ blocked_until: new Date(now.getTime() + delay * 1000) })
        .where("bucket", "=", bucket)
        .execute();
    }
  }
}

/** A correct password (or a new account): this address's failures are forgotten, and it is the person's own. */
export async function recordLoginSuccess(deps: AppDeps, email: string, address: string): Promise<void> {
  const now = deps.clock.now();
  const b = buckets(email, address);
  await deps.db.deleteFrom("login_failures").where("bucket", "=", b.perAddress).execute();
  await deps.db
    .insertInto("login_addresses")
    .values({ bucket: b.known, last_success_at: now })
    .onConflict((oc) => oc.column("bucket").doUpdateSet({ last_success_at: now }))
    .execute();
}
