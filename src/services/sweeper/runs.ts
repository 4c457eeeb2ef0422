import type { SweepRun } from "../../../db/schema.js";
import { SWEEP_RUN_HISTORY_MS } from "../../domain/sweep-rules.js";
import type { Executor } from "../db-types.js";
import type { SweepResult } from "./sweep.js";

/** One finished run, as the job wrapper reports it (its JobOutcome fits this shape). */
export type FinishedSweep = {
  trigger: string;
  startedAt: Date;
  finishedAt: Date;
  ms: number;
} & ({ ok: true; result: SweepResult } | { ok: false; error: string });

/**
 * Every run is a row, so any instance (or a Worker) can report the fleet's last sweep, and a failing
 * sweeper is visible even when the instance that ran it is gone. History older than a week is dropped
 * here, a handful of rows per run.
 */
export async function recordSweepRun(db: Executor, outcome: FinishedSweep, now: Date): Promise<void> {
  const r = outcome.ok ? outcome.result : null;
  await db
    .insertInto("sweep_runs")
    .values({
      trigger: outcome.trigger,
      started_at: outcome.startedAt,
      finished_at: outcome.finishedAt,
      duration_ms: outcome.ms,
      expired: r?.expired ?? 0,
      cleaned: r?.cleaned ?? 0,
      purged: r?.purged ?? 0,
      idempotency_keys_purged: r?.idempotencyKeysPurged ?? 0,
      members_deleted: r?.membersDeleted ?? 0,
      batches: r?.batches ?? 0,
      complete: r?.complete ?? false,
      error: outcome.ok ? null : outcome.error,
    })
    .execute();
  await db.deleteFrom("sweep_runs").where("finished_at", "<", new Date(now.getTime() - SWEEP_RUN_HISTORY_MS)).execute();
}

export type SweepStatus = {
  lastRun: SweepRun | null;
  /** When a run last finished without error: tells a one-off failure from a sweeper failing for hours. */
  lastSuccessAt: Date | null;
};

export async function sweepStatus(db: Executor): Promise<SweepStatus> {
  const [lastRun, lastSuccess] = await Promise.all([
    db.selectFrom("sweep_runs").selectAll().orderBy("finished_at", "desc").limit(1).executeTakeFirst(),
    db
      .selectFrom("sweep_runs")
      .select("finished_at")
      .where("error", "is", null)
      .orderBy("finished_at", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { lastRun: lastRun ?? null, lastSuccessAt: lastSuccess?.finished_at ?? null };
}
