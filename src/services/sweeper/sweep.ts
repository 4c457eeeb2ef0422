import { sweepCutoffs } from "../../domain/sweep-rules.js";
import { systemContext } from "../../domain/actors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import { SWEEPER_ACTOR } from "./audit-provisions.js";
import type { BatchStep } from "./batch.js";
import { autoDeleteSuspendedBatch } from "./auto-delete.js";
import { expireBatch } from "./expire.js";
import { finishCleanupBatch } from "./finish-cleanup.js";
import {
  purgeInvitationsBatch,
  purgeLoginAddressesBatch,
  purgeLoginFailuresBatch,
  purgeOAuthTokensBatch,
  purgeRateLimitsBatch,
  purgeSessionsBatch,
} from "./housekeeping.js";
import { recordSeatCounts } from "../reports/seats.js";
import { purgeAuditEventsBatch } from "./audit-retention.js";
import { purgeIdempotencyKeysBatch, purgeProvisionsBatch } from "./purge.js";

export type SweepCounts = {
  /** Pending provisions past their expiry, now expired with everything they created deleted. */
  expired: number;
  /** Cancelled or expired provisions whose interrupted cleanup was finished. */
  cleaned: number;
  /** Provision records deleted after the retention period (their audit events stay). */
  purged: number;
  /** Idempotency-Keys forgotten after 24 hours. */
  idempotencyKeysPurged: number;
  /** Expired sessions deleted. */
  sessionsPurged: number;
  /** Ended rate-limit windows, wrong-password counts and known login addresses deleted. */
  rateLimitsPurged: number;
  /** Invitations deleted after they expired unaccepted. */
  invitationsPurged: number;
  /** OAuth access tokens deleted a day after they expired (or were revoked and then expired). */
  oauthTokensPurged: number;
  /** Audit events older than AUDIT_RETENTION_DAYS deleted (none when the trail is kept forever). */
  auditEventsPurged: number;

  /** Members suspended longer than their organization's policy allows, deleted with their projects. */
  membersDeleted: number;
  /** Transactions that changed something (an empty look costs one query and is not counted). */
  batches: number;
};

export type SweepResult = SweepCounts & {
  ms: number;
  /** False when the time budget ran out or the run was stopped with work possibly left. */
  complete: boolean;
};

export type SweepOptions = {
  /** The moment the run acts as of; every cutoff derives from it. Default: deps.clock.now(). */
  now?: Date;
  /** Rows per transaction. Default: config.sweepBatchSize. */
  batchSize?: number;
  /** No new batch starts once this much time (deps.clock) has passed. Default: config.sweepTimeBudgetMs. */
  timeBudgetMs?: number;
  /** Workers taking batches side by side. Default: config.sweepConcurrency. */
  concurrency?: number;
  /** Shutdown: the batch in flight finishes (it is one transaction), no other starts. */
  signal?: AbortSignal;
  /** Called after every batch that changed something (progress logs; tests move the clock here). */
  onBatch?: (counts: Readonly<SweepCounts>) => void;
};

type Step = { counter: Exclude<keyof SweepCounts, "batches">; run: BatchStep };

// Most urgent first: what still exists in the world, then records, then housekeeping.
const STEPS: Step[] = [
  { counter: "expired", run: expireBatch },
  { counter: "cleaned", run: finishCleanupBatch },
  { counter: "membersDeleted", run: autoDeleteSuspendedBatch },
  { counter: "purged", run: purgeProvisionsBatch },
  { counter: "idempotencyKeysPurged", run: purgeIdempotencyKeysBatch },
  { counter: "sessionsPurged", run: purgeSessionsBatch },
  { counter: "rateLimitsPurged", run: purgeRateLimitsBatch },
  { counter: "rateLimitsPurged", run: purgeLoginFailuresBatch },
  { counter: "rateLimitsPurged", run: purgeLoginAddressesBatch },
  { counter: "invitationsPurged", run: purgeInvitationsBatch },
  { counter: "oauthTokensPurged", run: purgeOAuthTokensBatch },
  { counter: "auditEventsPurged", run: purgeAuditEventsBatch },
];

/**
 * One sweep: bounded batches, each its own short transaction, until nothing is left or the time budget
 * is spent. Safe to run twice and on every instance at once (each batch locks with SKIP LOCKED and
 * every update is guarded), and memory stays flat: each worker holds one batch of ids at a time.
 *
 * Within one sweep, `concurrency` workers take batches side by side — the same SKIP LOCKED sharing
 * that lets instances run together — so the database works on one batch while this process prepares
 * the next. On PGlite (one connection) they simply take turns.
 */
export async function sweep(deps: AppDeps, opts: SweepOptions = {}): Promise<SweepResult> {
  const startMs = deps.clock.now().getTime();
  const now = opts.now ?? new Date(startMs);
  const limit = opts.batchSize ?? deps.config.sweepBatchSize;
  const budgetMs = opts.timeBudgetMs ?? deps.config.sweepTimeBudgetMs;
  const workers = opts.concurrency ?? deps.config.sweepConcurrency;
  const cutoffs = sweepCutoffs(now, deps.config.provisionRetentionDays, deps.config.auditRetentionDays);
  // Each batch is one unit of work of the system actor, acting as of the sweep's moment.
  const ctx = systemContext(SWEEPER_ACTOR.id, now);
  const counts: SweepCounts = {
    expired: 0,
    cleaned: 0,
    purged: 0,
    idempotencyKeysPurged: 0,
    sessionsPurged: 0,
    rateLimitsPurged: 0,
    invitationsPurged: 0,
    oauthTokensPurged: 0,
    membersDeleted: 0,
    auditEventsPurged: 0,
    batches: 0,
  };
  const canStartBatch = () => !opts.signal?.aborted && deps.clock.now().getTime() - startMs < budgetMs;
  let complete = true;

  for (const step of STEPS) {
    let drained = false;
    let failed = false;
    /** One batch of this step; false once the step is drained or no batch may start. */
    const takeBatch = async (): Promise<boolean> => {
      if (drained || failed) return false;
      if (!canStartBatch()) {
        complete = false;
        return false;
      }
      const result = await change(deps, ctx, {}, async ({ trx, invalidate, audit, announce }) => {
        const batch = await step.run(trx, { cutoffs, now, limit, audit, announce });
        // Keys of these projects may sit in this instance's cache; verification would refuse them
        // anyway (the provision is expired), but they must not outlive the rows they describe.
        invalidate({ projects: batch.projectIds });
        return batch;
      }).catch((err: unknown) => {
        failed = true; // the other workers finish the batch they hold and start no other
        throw err;
      });
      // A short batch means nothing is left that another worker or sweeper does not already hold.
      if (result.count < limit) drained = true;
      if (result.count > 0) {
        counts[step.counter] += result.count;
        counts.batches += 1;
        opts.onBatch?.({ ...counts });
      }
      return !drained;
    };
    // One look first: most runs find little or nothing, and need no second connection for that.
    if (await takeBatch()) {
      const ended = await Promise.allSettled(
        Array.from({ length: Math.max(1, workers) }, async () => {
          while (await takeBatch());
        }),
      );
      // Every worker has stopped (none is left running behind the caller's back); then the first error.
      const failure = ended.find((e) => e.status === "rejected");
      if (failure) throw failure.reason;
    }
    if (!complete) break;
  }
  // The Reports page's seats over time: a snapshot at most hourly, one statement, not a batch of work.
  if (complete && canStartBatch()) await recordSeatCounts(deps, now);
  return { ...counts, ms: deps.clock.now().getTime() - startMs, complete };
}
