// The Workers entry's own decisions, exercised in Node (fast, no workerd): configuration refused with
// a 503 naming the variable, AUTO_MIGRATE=false on an unmigrated database, a cron run without a
// database. worker.test.ts runs the same entry for real in workerd.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { migrateToLatest } from "../../db/migrate.js";
import { connectDatabase } from "../../db/connect.js";
import type { ExecutionContext, WorkerEnv } from "../../src/entry/worker.js";
import { createScratchDatabase, type ScratchDatabase } from "./support.js";

type Worker = {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response>;
  scheduled(controller: { scheduledTime: number; cron: string; noRetry(): void }, env: WorkerEnv, ctx: ExecutionContext): Promise<void>;
};

/** A fresh isolate: the module again, so nothing cached by an earlier case carries over. */
async function freshWorker(): Promise<Worker> {
  vi.resetModules();
  return (await import("../../src/entry/worker.js")).default as Worker;
}

function context() {
  const waiting: Promise<unknown>[] = [];
  const ctx: ExecutionContext = { waitUntil: (p) => void waiting.push(p), passThroughOnException() {}, props: {} };
  return { ctx, settle: () => Promise.all(waiting) };
}

const quiet = { LOG_LEVEL: "silent", PUBLIC_URL: "https://handoff.example.com" };

let database: ScratchDatabase;

beforeAll(async () => {
  database = await createScratchDatabase();
});
afterAll(async () => {
  await database?.drop();
});
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
});

describe("src/entry/worker.ts", () => {
  it("refuses a bad configuration with a 503 naming each variable, never a stack trace", async () => {
    const worker = await freshWorker();
    const { ctx } = context();
    const res = await worker.fetch(
      new Request("https://handoff.example.com/v1/me"),
      { PUBLIC_URL: "", DATABASE_URL: "mysql://nope", PASSWORD_ITERATIONS: "600000", AUTO_MIGRATE: "maybe" },
      ctx,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe("service_unavailable");
    for (const name of ["PUBLIC_URL", "DATABASE_URL", "PASSWORD_ITERATIONS", "AUTO_MIGRATE"]) expect(body.detail).toContain(name);
    expect(body.detail).not.toMatch(/\n\s+at /);
  });

  it("with AUTO_MIGRATE=false, answers 503 until the operator has migrated, then serves", async () => {
    const worker = await freshWorker();
    const env = { ...quiet, DATABASE_URL: database.url, AUTO_MIGRATE: "false" };
    const first = context();
    const refused = await worker.fetch(new Request("https://handoff.example.com/readyz"), env, first.ctx);
    await first.settle();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { detail: string }).detail).toContain("npm run handoff-admin -- migrate");

    const handle = await connectDatabase({ databaseUrl: database.url, poolSize: 1 });
    await migrateToLatest(handle.db);
    await handle.close();

    const second = context();
    const served = await worker.fetch(new Request("https://handoff.example.com/readyz"), env, second.ctx);
    await second.settle();
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({ status: "ready", database: "ok" });
  });

  it("answers 503 when the database does not answer", async () => {
    const worker = await freshWorker();
    const { ctx, settle } = context();
    const res = await worker.fetch(
      new Request("https://handoff.example.com/v1/me"),
      { ...quiet, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
      ctx,
    );
    await settle();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: "service_unavailable", detail: "The database does not answer. Try again shortly." });
  });

  it("a cron run without a database fails with the same clear message", async () => {
    const worker = await freshWorker();
    const { ctx } = context();
    await expect(worker.scheduled({ scheduledTime: Date.now(), cron: "* * * * *", noRetry() {} }, quiet, ctx)).rejects.toThrow(
      /set the DATABASE_URL secret .* HYPERDRIVE/,
    );
  });
});
