import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { Database } from "../../../db/schema.js";
import { LOGIN_THROTTLE } from "../../domain/login-throttle.js";
import { NOTHING, type BatchInput, type BatchStep } from "./batch.js";

/**
 * Rows that only ever accumulate: expired sessions, ended rate-limit windows, old wrong-password counts
 * and login addresses, invitations that expired unaccepted. Each batch deletes at most `limit` rows,
 * locked with SKIP LOCKED like every sweeper step, so instances share the work and a batch never waits
 * on a request; the condition is checked again in the delete (a row that came back to life stays).
 */
type Purgeable = { sessions: "id"; rate_limits: "bucket"; invitations: "id"; login_failures: "bucket"; login_addresses: "bucket"; oauth_tokens: "id" };

function purgeStep<T extends keyof Purgeable>(
  table: T,
  key: Purgeable[T],
  due: (eb: ExpressionBuilder<Database, T>, input: BatchInput) => Expression<SqlBool>,
): BatchStep {
  return async (trx, input) => {
    // The table is a parameter here: Kysely's types cannot follow it, the Purgeable map keeps it honest.
    const db = trx as unknown as Kysely<any>;
    const t: string = table;
    const k: string = key;
    const where = (eb: ExpressionBuilder<any, any>) => due(eb as ExpressionBuilder<Database, T>, input);
    const purged = await db
      .with(
        (cte) => cte("batch").materialized(),
        (q) => q.selectFrom(t).select(k).where(where).limit(input.limit).forUpdate().skipLocked(),
      )
      .deleteFrom(t)
      .where(k, "in", (eb: ExpressionBuilder<any, any>) => eb.selectFrom("batch").select(`batch.${k}`))
      .where(where)
      .returning(k)
      .execute();
    return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
  };
}

export const purgeSessionsBatch = purgeStep("sessions", "id", (eb, { cutoffs }) => eb("expires_at", "<", cutoffs.sessionsExpiredBefore));

export const purgeRateLimitsBatch = purgeStep("rate_limits", "bucket", (eb, { cutoffs }) => eb("window_start", "<", cutoffs.rateLimitWindowsBefore));

/** Accepted invitations are records and stay. */
export const purgeInvitationsBatch = purgeStep("invitations", "id", (eb, { cutoffs }) =>
  eb.and([eb("accepted_at", "is", null), eb("expires_at", "<", cutoffs.invitationsExpiredBefore)]),
);

/**
 * OAuth access tokens a day after they expired. A revoked token expires within its 15 minutes like any
 * other, so this one condition covers both; a live token is never touched.
 */
export const purgeOAuthTokensBatch = purgeStep("oauth_tokens", "id", (eb, { cutoffs }) => eb("expires_at", "<", cutoffs.oauthTokensExpiredBefore));

/** Wrong-password counts nobody added to for a day, whose delay (if any) has run out. */
export const purgeLoginFailuresBatch = purgeStep("login_failures", "bucket", (eb, { now }) =>
  eb.and([
    eb("last_failed_at", "<", new Date(now.getTime() - LOGIN_THROTTLE.forgetAfterSeconds * 1000)),
    eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", now)]),
  ]),
);

/** Addresses nobody logged in from for 90 days are no longer anyone's own. */
export const purgeLoginAddressesBatch = purgeStep("login_addresses", "bucket", (eb, { now }) =>
  eb("last_success_at", "<", new Date(now.getTime() - LOGIN_THROTTLE.knownAddressSeconds * 1000)),
);
