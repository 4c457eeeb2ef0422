import type { Selectable } from "kysely";
import { sql } from "kysely";
import { Webhook } from "standardwebhooks";
import type { WebhookDeliveriesTable } from "../../../db/schema.js";
import { systemContext } from "../../domain/actors.js";
import {
  DISABLE_AFTER_FAILING_MS,
  nextWebhookAttempt,
  outcomeOf,
  retryAfterMs,
  WEBHOOK_LEASE_MS,
  WEBHOOK_TIMEOUT_MS,
  type AttemptOutcome,
} from "../../domain/webhook-rules.js";
import type { AppDeps } from "../../deps.js";
import { mailEndpointDisabled } from "../audit-trail/alert-mail.js";
import { change } from "../unit-of-work.js";
import { anyOf } from "../sql-arrays.js";
import { signingSecretsOf } from "./secrets.js";
import { assertPublicTarget } from "./ssrf.js";

type Delivery = Selectable<WebhookDeliveriesTable>;
export type WebhookRun = { attempted: number; delivered: number; failed: number };

const ERROR_MAX = 300;
const oneLine = (s: string) => {
  const line = s.replace(/\s+/g, " ").trim() || "unknown error";
  return line.length > ERROR_MAX ? `${line.slice(0, ERROR_MAX - 1)}…` : line;
};

/**
 * Claims deliveries with a guarded update (so two workers never send one twice): the given ones when
 * queued and due, or the `limit` most overdue (queued, or sending with a lapsed claim: its worker
 * died). A claim counts the attempt and holds the row for WEBHOOK_LEASE_MS.
 */
async function claim(deps: AppDeps, now: Date, which: { ids: readonly string[] } | { limit: number }): Promise<Delivery[]> {
  return deps.db
    .with(
      (cte) => cte("due").materialized(),
      (db) => {
        let q = db
          .selectFrom("webhook_deliveries")
          .select("id")
          .where("status", "in", ["queued", "sending"])
          .where("next_attempt_at", "<=", now);
        q = "ids" in which ? q.where("id", "=", anyOf(which.ids)).where("status", "=", "queued") : q.orderBy("next_attempt_at").limit(which.limit);
        return q.forUpdate().skipLocked();
      },
    )
    .updateTable("webhook_deliveries")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), next_attempt_at: new Date(now.getTime() + WEBHOOK_LEASE_MS), updated_at: now }))
    .where("id", "in", (eb) => eb.selectFrom("due").select("due.id"))
    .where("status", "in", ["queued", "sending"])
    .returningAll()
    .execute();
}

type Attempt = { outcome: AttemptOutcome; status: number | null; error: string | null; ms: number };

/** One signed POST: Standard Webhooks headers, every current secret signing, 10 s, no redirects. */
async function send(deps: AppDeps, d: Delivery, url: string, secrets: string[]): Promise<Attempt> {
  const started = performance.now();
  try {
    const target = new URL(url);
    await assertPublicTarget(target, deps.config.webhookAllowPrivateTargets);
    // The signed timestamp is the wall clock's: receivers check it against theirs to refuse replays.
    const at = new Date();
    const signature = secrets.map((s) => new Webhook(s).sign(d.id, at, d.payload)).join(" ");
    const res = await fetch(target, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Handoff-Webhooks/1",
        "webhook-id": d.id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body: d.payload,
    });
    await res.body?.cancel().catch(() => {});
    const ms = Math.round(performance.now() - started);
    const outcome = outcomeOf(res.status, retryAfterMs(res.headers.get("retry-after"), deps.clock.now()));
    return { outcome, status: res.status, error: outcome.kind === "delivered" ? null : `HTTP ${res.status}`, ms };
  } catch (err) {
    const message = err instanceof Error ? (err.name === "TimeoutError" ? "timed out after 10 s" : err.message) : String(err);
    return { outcome: { kind: "failed", retryAfterMs: null }, status: null, error: oneLine(message), ms: Math.round(performance.now() - started) };
  }
}

/** Records an attempt's outcome (guarded on the claim) and what it means for the endpoint. */
async function settle(deps: AppDeps, d: Delivery, a: Attempt, now: Date): Promise<"delivered" | "retry" | "failed"> {
  const ctx = systemContext("webhooks", now);
  return change(deps, ctx, {}, async (unit) => {
    const guard = (q: any) => q.where("id", "=", d.id).where("status", "=", "sending").where("attempts", "=", d.attempts);
    const common = { last_attempt_at: now, response_status: a.status, duration_ms: a.ms, last_error: a.error, updated_at: now };
    const as = { organizationId: d.organization_id };
    const disable = async (reason: "gone" | "failing") => {
      const off = await unit.trx
        .updateTable("webhook_endpoints")
        .set({ enabled: false, disabled_reason: reason, updated_at: now })
        .where("id", "=", d.endpoint_id)
        .where("enabled", "=", true)
        .returning("url")
        .executeTakeFirst();
      if (!off) return;
      await unit.audit("webhook.disabled", { type: "webhook", id: d.endpoint_id }, { reason, url: off.url, deliveryId: d.id, lastError: a.error }, as);
      await mailEndpointDisabled(deps, unit, d.organization_id, { url: off.url, reason });
    };
    if (a.outcome.kind === "delivered") {
      await guard(unit.trx.updateTable("webhook_deliveries").set({ ...common, status: "sent", next_attempt_at: null })).execute();
      await unit.trx.updateTable("webhook_endpoints").set({ failing_since: null }).where("id", "=", d.endpoint_id).where("failing_since", "is not", null).execute();
      return "delivered";
    }
    if (a.outcome.kind === "gone") {
      await guard(unit.trx.updateTable("webhook_deliveries").set({ ...common, status: "failed", next_attempt_at: null, last_error: "HTTP 410: the endpoint is gone and was disabled" })).execute();
      await disable("gone");
      return "failed";
    }
    const next = nextWebhookAttempt(d.attempts, now, a.outcome.retryAfterMs);
    await guard(unit.trx.updateTable("webhook_deliveries").set({ ...common, status: next ? "queued" : "failed", next_attempt_at: next })).execute();
    const endpoint = await unit.trx
      .updateTable("webhook_endpoints")
      .set({ failing_since: sql`coalesce(failing_since, ${now})` })
      .where("id", "=", d.endpoint_id)
      .returning("failing_since")
      .executeTakeFirst();
    if (endpoint?.failing_since && now.getTime() - endpoint.failing_since.getTime() >= DISABLE_AFTER_FAILING_MS) await disable("failing");
    return next ? "retry" : "failed";
  });
}

async function attempt(deps: AppDeps, d: Delivery, now: Date): Promise<"delivered" | "retry" | "failed"> {
  const endpoint = await deps.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", d.endpoint_id).executeTakeFirst();
  if (!endpoint?.enabled) {
    const a: Attempt = { outcome: { kind: "failed", retryAfterMs: null }, status: null, error: "the endpoint is disabled", ms: 0 };
    await deps.db
      .updateTable("webhook_deliveries")
      .set({ status: "failed", next_attempt_at: null, last_error: a.error, updated_at: now })
      .where("id", "=", d.id)
      .where("status", "=", "sending")
      .execute();
    return "failed";
  }
  const secrets = await signingSecretsOf(deps, endpoint, now);
  return settle(deps, d, await send(deps, d, endpoint.url, secrets), now);
}

/**
 * Delivers what is claimed, one attempt each (side by side: one slow receiver does not hold up the
 * others for more than its 10 s). Never throws: a failure is recorded on its row, or logged.
 */
export async function deliverWebhooks(deps: AppDeps, now: Date, which: { ids: readonly string[] } | { limit: number }): Promise<WebhookRun> {
  const run: WebhookRun = { attempted: 0, delivered: 0, failed: 0 };
  let claimed: Delivery[];
  try {
    claimed = await claim(deps, now, which);
  } catch (err) {
    deps.logger.error("webhook claim failed", { error: err instanceof Error ? err.message : String(err) });
    return run;
  }
  await Promise.all(
    claimed.map(async (d) => {
      run.attempted++;
      try {
        const result = await attempt(deps, d, now);
        if (result === "delivered") run.delivered++;
        if (result === "failed") run.failed++;
      } catch (err) {
        deps.logger.error("webhook delivery failed", { deliveryId: d.id, error: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
  return run;
}
