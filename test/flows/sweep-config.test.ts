import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { cronProblem } from "../../src/jobs/cron.js";

// Configuration of the sweeper as the Node entry loads it (with node-cron's validator).
const load = (env: Record<string, string>) => loadConfig(env, { cronProblem });

describe("sweeper configuration", () => {
  it("defaults: every minute, 30 days of retention, bounded batches and time", () => {
    expect(load({})).toMatchObject({
      sweepCron: "* * * * *",
      provisionRetentionDays: 30,
      sweepBatchSize: 1000,
      sweepConcurrency: 2,
      sweepTimeBudgetMs: 30_000,
    });
  });

  it.each(["*/5 * * * *", "*/10 * * * * *", "0 3 * * MON", "@hourly"])("accepts %j", (expression) => {
    expect(load({ SWEEP_CRON: expression }).sweepCron).toBe(expression);
  });

  it("`off` disables the schedule", () => {
    expect(load({ SWEEP_CRON: "off" }).sweepCron).toBeNull();
  });

  it.each(["61 * * * * *", "* * * *", "every minute"])("refuses %j, naming SWEEP_CRON beside other bad variables", (expression) => {
    let error: unknown;
    try {
      load({ SWEEP_CRON: expression, SWEEP_BATCH_SIZE: "0" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^ {2}SWEEP_CRON: not a valid cron expression/m);
    expect(message).toContain(expression);
    expect(message).toMatch(/^ {2}SWEEP_BATCH_SIZE: /m);
  });

  it.each([
    ["PROVISION_RETENTION_DAYS", "0"],
    ["SWEEP_BATCH_SIZE", "100000"],
    ["SWEEP_TIME_BUDGET_MS", "ten"],
    ["SWEEP_CONCURRENCY", "0"],
  ])("refuses %s=%s naming it", (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(`^  ${name}: `, "m"));
  });
});
