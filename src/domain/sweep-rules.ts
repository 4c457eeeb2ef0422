/** Pure rules of the sweeper: which time windows it acts on. No I/O, tested without a database. */
import { LONGEST_LIMIT_WINDOW_SECONDS } from "./rate-limits.js";

const DAY_MS = 24 * 3600 * 1000;

/**
 * An Idempotency-Key is honoured for 24 hours (the window Stripe and most APIs document); after that
 * its stored response is purged and the same key would start a new request.
 */
export const IDEMPOTENCY_KEY_TTL_MS = DAY_MS;

/**
 * OAuth access tokens live 15 minutes; expired and revoked ones stay a day after expiring, so a client
 * retrying with an old token within that day is told it expired or was revoked (not "unknown"), and
 * then they are deleted.
 */
export const OAUTH_TOKEN_KEEP_MS = DAY_MS;

/** How long the history of sweep runs is kept: enough to see a pattern, small enough to stay tiny. */
export const SWEEP_RUN_HISTORY_MS = 7 * DAY_MS;

export type SweepCutoffs = {
  /** Pending provisions whose expiry is at or before this moment have expired. */
  expireAtOrBefore: Date;
  /** Cancelled or expired provisions that reached that state before this moment are purged. */
  purgeFinishedBefore: Date;
  idempotencyKeysBefore: Date;
  sweepRunsBefore: Date;
  /** Sessions that expired before this moment are deleted. */
  sessionsExpiredBefore: Date;
  /** Rate-limit windows (and login failure counts) that started before this moment have ended. */
  rateLimitWindowsBefore: Date;
  /** Invitations that expired unaccepted before this moment are deleted (accepted ones are records). */
  invitationsExpiredBefore: Date;
  /** OAuth access tokens (expired, or revoked: they expire too) that expired before this moment are deleted. */
  oauthTokensExpiredBefore: Date;
  /** Audit events written before this moment are purged; null: the trail is kept forever. */
  auditEventsBefore: Date | null;
};

/** Every boundary of one run is computed from one `now`, so a run is consistent with itself. */
export function sweepCutoffs(now: Date, retentionDays: number, auditRetentionDays: number | null = null): SweepCutoffs {
  const t = now.getTime();
  return {
    expireAtOrBefore: now,
    purgeFinishedBefore: new Date(t - retentionDays * DAY_MS),
    idempotencyKeysBefore: new Date(t - IDEMPOTENCY_KEY_TTL_MS),
    sweepRunsBefore: new Date(t - SWEEP_RUN_HISTORY_MS),
    sessionsExpiredBefore: now,
    rateLimitWindowsBefore: new Date(t - LONGEST_LIMIT_WINDOW_SECONDS * 1000),
    invitationsExpiredBefore: now,
    oauthTokensExpiredBefore: new Date(t - OAUTH_TOKEN_KEEP_MS),
    auditEventsBefore: auditRetentionDays === null ? null : new Date(t - auditRetentionDays * DAY_MS),
  };
}
