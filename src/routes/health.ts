import { createRoute, z } from "@hono/zod-openapi";
import type { SweepRun } from "../../db/schema.js";
import { jsonResponse, type Router } from "../http/openapi.js";
import { int64, timestamp } from "../http/schemas.js";

const count = () => int64(0, Number.MAX_SAFE_INTEGER);
import { sweepStatus, type SweepStatus } from "../services/sweeper/runs.js";

const healthz = createRoute({
  operationId: "healthz",
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness: the process answers",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "Alive") },
});

const SweepRunSchema = z
  .object({
    trigger: z
      .string()
      .max(32)
      .regex(/^[a-z_]+$/)
      .openapi({ description: "`cron` (Node), `scheduled` (Workers) or `command` (npm run sweep)", example: "cron" }),
    startedAt: timestamp(),
    finishedAt: timestamp(),
    ms: count(),
    expired: count().openapi({ description: "Pending provisions past expiry, expired and removed" }),
    cleaned: count().openapi({ description: "Interrupted cleanups of cancelled or expired provisions finished" }),
    purged: count().openapi({ description: "Provision records deleted after the retention period" }),
    idempotencyKeysPurged: count(),
    membersDeleted: count().openapi({ description: "Members suspended past their organization's automatic deletion, deleted" }),
    batches: count(),
    complete: z.boolean().openapi({ description: "False when the time budget ran out with work left for the next run" }),
    error: z
      .string()
      .max(2000)
      .regex(/^[^\u0000]*$/)
      .nullable()
      .openapi({ description: "Why the run failed (free text, may span lines; at most 2,000 characters); null when it succeeded" }),
  })
  .openapi("SweepRun");

const ReadySchema = z
  .object({
    status: z.enum(["ready", "unavailable"]),
    database: z.enum(["ok", "error"]),
    // Informational: a failing sweeper does not make an instance unready (keys of expired provisions
    // are refused at request time whatever the sweeper does), but operators see it here.
    sweeper: z
      .object({
        lastRun: SweepRunSchema.nullable().openapi({ description: "The fleet's most recent sweep, from any instance" }),
        lastSuccessAt: timestamp().nullable(),
      })
      .nullable(),
  })
  .openapi("Readiness");

const readyz = createRoute({
  operationId: "readyz",
  method: "get",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness: the database answers; the last sweep",
  responses: {
    200: jsonResponse(ReadySchema, "Ready to serve"),
    503: jsonResponse(ReadySchema, "The database does not answer"),
  },
});

function toSweepRunView(r: SweepRun): z.infer<typeof SweepRunSchema> {
  return {
    trigger: r.trigger,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    ms: r.duration_ms,
    expired: r.expired,
    cleaned: r.cleaned,
    purged: r.purged,
    idempotencyKeysPurged: r.idempotency_keys_purged,
    membersDeleted: r.members_deleted,
    batches: r.batches,
    complete: r.complete,
    error: r.error === null ? null : r.error.slice(0, 2000),
  };
}

function toSweeperView(s: SweepStatus) {
  return {
    lastRun: s.lastRun ? toSweepRunView(s.lastRun) : null,
    lastSuccessAt: s.lastSuccessAt ? s.lastSuccessAt.toISOString() : null,
  };
}

export function registerHealthRoutes(app: Router) {
  app.openapi(healthz, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyz, async (c) => {
    const deps = c.get("deps");
    try {
      // Reading the sweep history is the database check: it answers, and it is migrated.
      const sweeper = toSweeperView(await sweepStatus(deps.db));
      return c.json({ status: "ready" as const, database: "ok" as const, sweeper }, 200);
    } catch (err) {
      deps.logger.warn("readiness check failed", { error: String(err) });
      return c.json({ status: "unavailable" as const, database: "error" as const, sweeper: null }, 503);
    }
  });
}
