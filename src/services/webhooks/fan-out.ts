import { expressionBuilder, type ExpressionWrapper, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema.js";
import { matchesSubscription } from "../../domain/audit-catalogue.js";
import { toAuditEventJson } from "../../domain/audit-export.js";
import { newId } from "../../domain/ids.js";
import type { Executor } from "../db-types.js";
import { anyOf } from "../sql-arrays.js";

/**
 * The body every delivery of an event carries (Standard Webhooks: `{ type, timestamp, data }`), built
 * once and stored, so every attempt sends (and signs) exactly the same bytes.
 */
export function webhookPayload(e: Parameters<typeof toAuditEventJson>[0] & { organization_id: string }): string {
  const data = { ...toAuditEventJson(e), organizationId: e.organization_id };
  return JSON.stringify({ type: e.action, timestamp: data.createdAt, data });
}

/**
 * Whether the organization has an enabled endpoint, as an expression a statement that writes an event
 * selects in passing: when it is false the caller skips `announce` (queueWebhooks' query, a round trip
 * of its own — most organizations have no endpoint). An endpoint enabled while that statement runs is
 * missed, as queueWebhooks' own query a moment later could miss one enabled just after it.
 */
export function hasEnabledEndpoint(organizationId: string): ExpressionWrapper<Database, never, SqlBool> {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(eb.selectFrom("webhook_endpoints").select("id").where("organization_id", "=", organizationId).where("enabled", "=", true));
}

/**
 * Queues one delivery per event and enabled endpoint of its organization that subscribes to it, in
 * the caller's transaction (so a rolled-back change sends nothing, and a committed one is never lost).
 * One query when no endpoint exists. `webhook.tested` goes only to the endpoint under test (see
 * deliveries.ts), never fanned out. Returns the delivery ids, for the attempt right after commit.
 */
export async function queueWebhooks(db: Executor, eventIds: readonly string[], now: Date): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const matches = await db
    .selectFrom("audit_events as e")
    .innerJoin("webhook_endpoints as w", (j) => j.onRef("w.organization_id", "=", "e.organization_id").on("w.enabled", "=", true))
    .selectAll("e")
    .select(["w.id as endpoint_id", "w.events as subscriptions"])
    .where("e.id", "=", anyOf(eventIds))
    .where("e.action", "<>", "webhook.tested")
    .execute();
  const rows = matches
    .filter((m) => matchesSubscription(m.action, m.subscriptions as string[]))
    .map((m) => ({
      id: newId("webhookMessage"),
      organization_id: m.organization_id,
      endpoint_id: m.endpoint_id,
      event_id: m.id,
      event_type: m.action,
      payload: webhookPayload(m),
      status: "queued" as const,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    }));
  if (rows.length === 0) return [];
  await db.insertInto("webhook_deliveries").values(rows).execute();
  return rows.map((r) => r.id);
}

