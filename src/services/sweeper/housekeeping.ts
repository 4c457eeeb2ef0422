import { LOGIN_THROTTLE } from "../../domain/login-throttle.js";
import { NOTHING, type BatchStep } from "./batch.js";

/**
 * Rows that only ever accumulate: expired sessions, ended rate-limit windows, invitations that expired
 * unaccepted. Each batch deletes at most `limit` rows, locked with SKIP LOCKED like every sweeper step,
 * so instances share the work and a batch never waits on a request.
 */

export const purgeSessionsBatch: BatchStep = async (trx, { cutoffs, limit }) => {
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (db) => db.selectFrom("sessions").select("id").where("expires_at", "<", cutoffs.sessionsExpiredBefore).limit(limit).forUpdate().skipLocked(),
    )
    .deleteFrom("sessions")
    .where("id", "in", (eb) => eb.selectFrom("batch").select("batch.id"))
    .returning("id")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};

export const purgeRateLimitsBatch: BatchStep = async (trx, { cutoffs, limit }) => {
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (db) =>
        db.selectFrom("rate_limits").select("bucket").where("window_start", "<", cutoffs.rateLimitWindowsBefore).limit(limit).forUpdate().skipLocked(),
    )
    .deleteFrom("rate_limits")
    // Guarded: a window restarted meanwhile (an attempt after the select) is live again and stays.
    .where("bucket", "in", (eb) => eb.selectFrom("batch").select("batch.bucket"))
    .where("window_start", "<", cutoffs.rateLimitWindowsBefore)
    .returning("bucket")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};

export const purgeInvitationsBatch: BatchStep = async (trx, { cutoffs, limit }) => {
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (db) =>
        db
          .selectFrom("invitations")
          .select("id")
          .where("accepted_at", "is", null)
          .where("expires_at", "<", cutoffs.invitationsExpiredBefore)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
    )
    .deleteFrom("invitations")
    .where("id", "in", (eb) => eb.selectFrom("batch").select("batch.id"))
    .where("accepted_at", "is", null)
    .returning("id")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};

/** Wrong-password counts nobody added to for a day, whose delay (if any) has run out. */
export const purgeLoginFailuresBatch: BatchStep = async (trx, { now, limit }) => {
  const before = new Date(now.getTime() - LOGIN_THROTTLE.forgetAfterSeconds * 1000);
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (db) => db.selectFrom("login_failures").select("bucket").where("last_failed_at", "<", before).limit(limit).forUpdate().skipLocked(),
    )
    .deleteFrom("login_failures")
    .where("bucket", "in", (eb) => eb.selectFrom("batch").select("batch.bucket"))
    .where("last_failed_at", "<", before)
    .where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", now)]))
    .returning("bucket")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};

/** Addresses nobody logged in from for 90 days are no longer anyone's own. */
export const purgeLoginAddressesBatch: BatchStep = async (trx, { now, limit }) => {
  const before = new Date(now.getTime() - LOGIN_THROTTLE.knownAddressSeconds * 1000);
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (db) => db.selectFrom("login_addresses").select("bucket").where("last_success_at", "<", before).limit(limit).forUpdate().skipLocked(),
    )
    .deleteFrom("login_addresses")
    .where("bucket", "in", (eb) => eb.selectFrom("batch").select("batch.bucket"))
    .where("last_success_at", "<", before)
    .returning("bucket")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};
