import { sql, type RawBuilder } from "kysely";
import type { ProvisionsTable } from "../../../db/schema.js";
import type { AuditAction } from "../../domain/audit-catalogue.js";
import { newId } from "../../domain/ids.js";
import type { Executor } from "../db-types.js";
import { textArray } from "../sql-arrays.js";

/** Every sweeper audit event names the same actor, so "what did the system do" is one query. */
export const SWEEPER_ACTOR = { type: "system", id: "sweeper" } as const;

type Column = keyof ProvisionsTable & string;

/** A provision column as an audit event's metadata holds it (timestamps in ISO 8601, as toISOString writes them). */
export const metadataField = {
  text: (column: Column) => sql`p.${sql.ref(column)}`,
  isoTime: (column: Column) => sql`to_char(p.${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/**
 * One sweeper audit event per provision of a batch, written like recordAudit writes one (same columns,
 * same transaction as the change, never a secret), but built by the database from the provision rows:
 * the client sends two arrays of ids, not a thousand JSON documents. That keeps a batch's statement
 * small and the sweeper's memory flat.
 */
export async function auditProvisions(
  db: Executor,
  e: { action: AuditAction; provisionIds: readonly string[]; metadata: Record<string, RawBuilder<unknown>>; at: Date },
): Promise<string[]> {
  if (e.provisionIds.length === 0) return [];
  const eventIds = e.provisionIds.map(() => newId("auditEvent"));
  const metadata = sql.join(
    Object.entries(e.metadata).map(([key, value]) => sql`${sql.lit(key)}::text, ${value}`),
    sql`, `,
  );
  await sql`
    insert into audit_events
      (id, organization_id, actor_type, actor_id, action, target_type, target_id, request_id, metadata, created_at)
    select ev.id, p.organization_id, ${SWEEPER_ACTOR.type}, ${SWEEPER_ACTOR.id}, ${e.action}, 'provision', p.id, null,
           jsonb_build_object(${metadata}), ${e.at}
    from unnest(${textArray(eventIds)}, ${textArray(e.provisionIds)}) as ev(id, provision_id)
    join provisions p on p.id = ev.provision_id`.execute(db);
  return eventIds;
}
