import { describe, expect, it } from "vitest";
import { createJobRunner } from "../../src/jobs/run-job.js";
import { createSweepRunner, sweepJob } from "../../src/jobs/sweep-job.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

describe("last sweep on /readyz", () => {
  it("reports no sweep before the first, then the fleet's last run with its counts and any error", async () => {
    const before = await call(ctx, "GET", "/readyz");
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ status: "ready", database: "ok", sweeper: { lastRun: null, lastSuccessAt: null } });

    const o = await org(ctx);
    await provision(ctx, o, { expiresIn: 60 });
    ctx.clock.advanceSeconds(120);
    const startedAt = ctx.clock.now().toISOString();
    const outcome = await createSweepRunner(ctx.deps).run("cron");
    expect(outcome).toMatchObject({ ok: true, result: { expired: 1 } });
    const line = ctx.logs.map((l) => JSON.parse(l)).find((l) => l.msg === "sweep finished");
    expect(line).toMatchObject({ level: "info", job: "sweep", trigger: "cron", expired: 1, cleaned: 0, purged: 0 });
    expect(line).toHaveProperty("ms");

    const ok = await call(ctx, "GET", "/readyz");
    expect(ok.body.sweeper).toEqual({
      lastRun: {
        trigger: "cron",
        startedAt,
        finishedAt: startedAt,
        ms: 0,
        expired: 1,
        cleaned: 0,
        purged: 0,
        idempotencyKeysPurged: 0,
        membersDeleted: 0,
        batches: 1,
        complete: true,
        error: null,
      },
      lastSuccessAt: startedAt,
    });

    // A failing run (the job around a sweep that throws) is recorded too; the last success stays visible.
    ctx.clock.advanceSeconds(60);
    const failing = createJobRunner(
      {
        ...sweepJob(ctx.deps),
        run: async () => {
          throw new Error("canceling statement due to statement timeout");
        },
      },
      ctx.deps,
    );
    expect(await failing.run("command")).toMatchObject({ ok: false });
    const failed = await call(ctx, "GET", "/readyz");
    expect(failed.status).toBe(200); // a failing sweeper does not take the instance out of rotation
    expect(failed.body.sweeper.lastRun).toMatchObject({
      trigger: "command",
      error: "Error: canceling statement due to statement timeout",
      complete: false,
      expired: 0,
    });
    expect(failed.body.sweeper.lastSuccessAt).toBe(startedAt);
  });

  it("keeps a week of history, not more", async () => {
    const runner = createSweepRunner(ctx.deps);
    await runner.run("cron");
    ctx.clock.advanceSeconds(8 * 24 * 3600);
    await runner.run("cron");
    const rows = await ctx.db.selectFrom("sweep_runs").select("finished_at").execute();
    expect(rows.map((r) => r.finished_at)).toEqual([ctx.clock.now()]);
  });

  it("is described in the OpenAPI document", async () => {
    const spec = await call(ctx, "GET", "/openapi.json");
    expect(spec.body.components.schemas.Readiness.properties).toHaveProperty("sweeper");
    expect(spec.body.components.schemas.SweepRun.required).toContain("error");
  });
});
