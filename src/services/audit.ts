import type { Insertable } from "kysely";
import type { AuditEventsTable } from "../../db/schema.js";
import type { AuditAction } from "../domain/audit-catalogue.js";
import { newId } from "../domain/ids.js";
import type { Executor } from "./db-types.js";

export type AuditEvent = {
  organizationId: string;
  actor: { type: string; id: string | null };
  /** A name of the closed catalogue (src/domain/audit-catalogue.ts). */
  action: AuditAction;
  target: { type: string; id: string };
  requestId: string | null;
  /** Never a secret: ids, roles, counts. */
  metadata?: Record<string, unknown>;
  at: Date;
};

export function auditRow(e: AuditEvent): Insertable<AuditEventsTable> {
  return {
    id: newId("auditEvent"),
    organization_id: e.organizationId,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    action: e.action,
    target_type: e.target.type,
    target_id: e.target.id,
    request_id: e.requestId,
    metadata: JSON.stringify(e.metadata ?? {}),
    created_at: e.at,
  };
}

/** Append-only: written in the same transaction as the change it records. */
export async function recordAudit(db: Executor, e: AuditEvent): Promise<void> {
  await db.insertInto("audit_events").values(auditRow(e)).execute();
}
