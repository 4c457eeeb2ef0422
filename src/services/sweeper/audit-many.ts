import { sql } from "kysely";
import { newId } from "../../domain/ids.js";
import type { AuditEvent } from "../audit.js";
import type { Executor } from "../db-types.js";

/**
 * recordAudit for a whole batch: the same rows and rules (append-only, same transaction as the change,
 * never a secret), in one statement whose parameters are ten arrays — one per column — rather than ten
 * parameters per event, so a batch of a thousand costs one small statement.
 */
export async function recordAuditMany(db: Executor, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const column = <T>(pick: (e: AuditEvent) => T) => events.map(pick);
  await db
    .insertInto("audit_events")
    .columns([
      "id",
      "organization_id",
      "actor_type",
      "actor_id",
      "action",
      "target_type",
      "target_id",
      "request_id",
      "metadata",
      "created_at",
    ])
    .expression(
      sql`select * from unnest(
        ${events.map(() => newId("auditEvent"))}::text[],
        ${column((e) => e.organizationId)}::text[],
        ${column((e) => e.actor.type)}::text[],
        ${column((e) => e.actor.id)}::text[],
        ${column((e) => e.action)}::text[],
        ${column((e) => e.target.type)}::text[],
        ${column((e) => e.target.id)}::text[],
        ${column((e) => e.requestId)}::text[],
        ${column((e) => JSON.stringify(e.metadata ?? {}))}::jsonb[],
        ${column((e) => e.at.toISOString())}::timestamptz[]
      )`,
    )
    .execute();
}
