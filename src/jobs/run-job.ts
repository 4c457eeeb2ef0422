import type { Clock } from "../deps.js";
import type { LogFields, Logger } from "../logger.js";

/** What started a run: the Node cron, the Workers cron trigger, or an operator's command. */
export type JobTrigger = "cron" | "scheduled" | "command";

/** A scheduled job: a plain function of the time it runs at; bounded work, safe to run twice. */
export type Job<T> = {
  name: string;
  run(now: Date, signal: AbortSignal): Promise<T>;
  /** The fields of the run's one log line. */
  summarize?(result: T): LogFields;
  /** After every run, success or failure (e.g. to persist it). Its own failure is logged, never thrown. */
  onFinish?(outcome: JobOutcome<T>): Promise<void>;
};

type OutcomeBase = { job: string; trigger: JobTrigger; startedAt: Date; finishedAt: Date; ms: number };

export type JobOutcome<T> = OutcomeBase & ({ ok: true; result: T } | { ok: false; error: string });

export type RunResult<T> = JobOutcome<T> | { skipped: true; reason: "already_running" | "stopped" };

export type JobRunner<T> = {
  /** Runs the job unless a run is already in flight in this process (then it is skipped, and says so). */
  run(trigger: JobTrigger): Promise<RunResult<T>>;
  readonly running: boolean;
  /** Shutdown: asks the run in flight to stop after its current step, refuses new runs, waits. */
  stop(): Promise<void>;
};

const MAX_ERROR_LENGTH = 500;

/** A short, single-line description of a failure: no stack, bounded, safe to store and show. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}

/**
 * The one wrapper every scheduled job goes through: overlap guard (one run at a time per process;
 * many processes are the job's own concern), timing, error capture (a failed run is logged and
 * reported, never thrown into the scheduler) and one structured log line per run.
 */
export function createJobRunner<T>(job: Job<T>, deps: { clock: Clock; logger: Logger }): JobRunner<T> {
  let inFlight: { done: Promise<RunResult<T>>; abort: AbortController } | null = null;
  let stopped = false;

  async function execute(trigger: JobTrigger, signal: AbortSignal): Promise<JobOutcome<T>> {
    const startedAt = deps.clock.now();
    const base = (finishedAt: Date) => ({
      job: job.name,
      trigger,
      startedAt,
      finishedAt,
      ms: finishedAt.getTime() - startedAt.getTime(),
    });
    let outcome: JobOutcome<T>;
    try {
      const result = await job.run(startedAt, signal);
      outcome = { ...base(deps.clock.now()), ok: true, result };
      deps.logger.info(`${job.name} finished`, { job: job.name, trigger, ...job.summarize?.(result), ms: outcome.ms });
    } catch (err) {
      outcome = { ...base(deps.clock.now()), ok: false, error: describeError(err) };
      deps.logger.error(`${job.name} failed`, { job: job.name, trigger, ms: outcome.ms, error: outcome.error });
    }
    if (job.onFinish) {
      await job.onFinish(outcome).catch((err: unknown) =>
        deps.logger.warn(`${job.name}: could not record the run`, { job: job.name, error: describeError(err) }),
      );
    }
    return outcome;
  }

  return {
    async run(trigger) {
      if (stopped) return { skipped: true, reason: "stopped" };
      if (inFlight) {
        deps.logger.warn(`${job.name} skipped: the previous run is still going`, { job: job.name, trigger });
        return { skipped: true, reason: "already_running" };
      }
      const abort = new AbortController();
      const current = { abort, done: execute(trigger, abort.signal) };
      inFlight = current;
      try {
        return await current.done;
      } finally {
        inFlight = null;
      }
    },
    get running() {
      return inFlight !== null;
    },
    async stop() {
      stopped = true;
      const current = inFlight;
      if (!current) return;
      current.abort.abort();
      await current.done;
    },
  };
}
