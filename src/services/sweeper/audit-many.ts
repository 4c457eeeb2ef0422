import { sql } from "kysely";
import { newId } from "../../domain/ids.js";
import type { AuditEvent } from "../audit.js";
import type { Executor } from "../db-types.js";

/**
 * recordAudit for a whole batch: the same rows and rules (append-only, same transaction as the change,
 * never a secret), in one statement with one parameter: the batch as a JSON document, unpacked by
 * jsonb_to_recordset. A thousand events cost one JSON.stringify and one small statement, instead of
 * ten thousand bound parameters.
 */
export async function recordAuditMany(db: Executor, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: newId("auditEvent"),
    organization_id: e.organizationId,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    action: e.action,
    target_type: e.target.type,
    target_id: e.target.id,
    request_id: e.requestId,
    metadata: e.metadata ?? {},
    created_at: e.at.toISOString(),
  }));
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
      sql`select id, organization_id, actor_type, actor_id, action, target_type, target_id, request_id, metadata, created_at
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
            id text, organization_id text, actor_type text, actor_id text, action text, target_type text,
            target_id text, request_id text, metadata jsonb, created_at timestamptz)`,
    )
    .execute();
}
