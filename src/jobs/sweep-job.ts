import type { AppDeps } from "../deps.js";
import { recordSweepRun } from "../services/sweeper/runs.js";
import { sweep, type SweepResult } from "../services/sweeper/sweep.js";
import { createJobRunner, type Job, type JobRunner } from "./run-job.js";

/** The sweeper as a job: configured batch size and time budget, every run recorded for /readyz. */
export function sweepJob(deps: AppDeps): Job<SweepResult> {
  return {
    name: "sweep",
    run: (now, signal) => sweep(deps, { now, signal }),
    summarize: (r) => ({
      expired: r.expired,
      cleaned: r.cleaned,
      purged: r.purged,
      idempotencyKeysPurged: r.idempotencyKeysPurged,
      membersDeleted: r.membersDeleted,
      sessionsPurged: r.sessionsPurged,
      rateLimitsPurged: r.rateLimitsPurged,
      invitationsPurged: r.invitationsPurged,
      oauthTokensPurged: r.oauthTokensPurged,
      auditEventsPurged: r.auditEventsPurged,
      batches: r.batches,
      complete: r.complete,
    }),
    onFinish: (outcome) => recordSweepRun(deps.db, outcome, deps.clock.now()),
  };
}

export function createSweepRunner(deps: AppDeps): JobRunner<SweepResult> {
  return createJobRunner(sweepJob(deps), deps);
}
