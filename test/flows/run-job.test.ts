import { describe, expect, it } from "vitest";
import { createJobRunner, describeError, type Job, type JobOutcome } from "../../src/jobs/run-job.js";
import { createLogger } from "../../src/logger.js";
import { TestClock } from "../support/clock.js";

// The wrapper alone, around fake jobs: no database involved.

function harness<T>(job: Partial<Job<T>> & Pick<Job<T>, "run">) {
  const clock = new TestClock();
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("debug", (line) => lines.push(JSON.parse(line)));
  const finished: JobOutcome<T>[] = [];
  const runner = createJobRunner<T>(
    { name: "demo", onFinish: async (o) => void finished.push(o), ...job },
    { clock, logger },
  );
  return { clock, lines, finished, runner };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("job wrapper", () => {
  it("runs, times and logs one structured line with the job's summary", async () => {
    const h = harness<{ expired: number }>({
      run: async () => {
        h.clock.advance(250);
        return { expired: 3 };
      },
      summarize: (r) => ({ expired: r.expired, cleaned: 0, purged: 0 }),
    });
    const outcome = await h.runner.run("cron");
    expect(outcome).toMatchObject({ ok: true, result: { expired: 3 }, ms: 250, job: "demo", trigger: "cron" });
    expect(h.lines).toHaveLength(1);
    expect(h.lines[0]).toMatchObject({ level: "info", msg: "demo finished", expired: 3, cleaned: 0, purged: 0, ms: 250 });
    expect(h.finished).toEqual([outcome]);
  });

  it("never runs twice at once in one process: an overlapping tick is skipped and says so", async () => {
    const gate = deferred<number>();
    let calls = 0;
    const h = harness<number>({
      run: () => {
        calls++;
        return gate.promise;
      },
    });
    const first = h.runner.run("cron");
    expect(h.runner.running).toBe(true);
    expect(await h.runner.run("cron")).toEqual({ skipped: true, reason: "already_running" });
    expect(await h.runner.run("command")).toEqual({ skipped: true, reason: "already_running" });
    expect(h.lines.filter((l) => l.msg === "demo skipped: the previous run is still going")).toHaveLength(2);
    gate.resolve(7);
    expect(await first).toMatchObject({ ok: true, result: 7 });
    expect(h.runner.running).toBe(false);
    expect(await h.runner.run("cron")).toMatchObject({ ok: true, result: 7 }); // free again once done
    expect(calls).toBe(2);
  });

  it("captures a failure: reported and logged, never thrown into the scheduler, and the next run goes ahead", async () => {
    let fail = true;
    const h = harness<string>({
      run: async () => {
        h.clock.advance(40);
        if (fail) throw new TypeError("connection\n  terminated unexpectedly");
        return "fine";
      },
    });
    const outcome = await h.runner.run("cron");
    expect(outcome).toMatchObject({ ok: false, error: "TypeError: connection terminated unexpectedly", ms: 40 });
    expect(h.lines).toEqual([
      expect.objectContaining({ level: "error", msg: "demo failed", error: "TypeError: connection terminated unexpectedly", ms: 40 }),
    ]);
    expect(h.finished[0]).toEqual(outcome);
    fail = false;
    expect(await h.runner.run("cron")).toMatchObject({ ok: true, result: "fine" });
  });

  it("logs, and does not throw, when recording the run fails", async () => {
    const h = harness<number>({
      run: async () => 1,
      onFinish: async () => {
        throw new Error("database gone");
      },
    });
    expect(await h.runner.run("cron")).toMatchObject({ ok: true });
    expect(h.lines.at(-1)).toMatchObject({ level: "warn", msg: "demo: could not record the run", error: "Error: database gone" });
  });

  it("stop(): signals the run in flight, waits for it, and refuses new runs", async () => {
    const gate = deferred<void>();
    let sawAbort = false;
    const h = harness<string>({
      run: async (_now, signal) => {
        signal.addEventListener("abort", () => {
          sawAbort = true;
          gate.resolve();
        });
        await gate.promise;
        return "stopped early";
      },
    });
    const inFlight = h.runner.run("cron");
    await h.runner.stop();
    expect(sawAbort).toBe(true);
    expect(await inFlight).toMatchObject({ ok: true, result: "stopped early" });
    expect(await h.runner.run("cron")).toEqual({ skipped: true, reason: "stopped" });
  });

  it("describes errors on one bounded line", () => {
    expect(describeError(new Error("a\nb"))).toBe("Error: a b");
    expect(describeError("plain")).toBe("plain");
    expect(describeError(new Error("x".repeat(2000))).length).toBe(500);
  });
});
