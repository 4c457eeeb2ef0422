import { sql } from "kysely";
import { NOTHING, type BatchStep } from "./batch.js";

/**
 * The retention purge (AUDIT_RETENTION_DAYS): the one writer the database lets delete audit events.
 * It says so for its own transaction only (`set_config(…, true)` ends with the batch), then deletes at
 * most `limit` of the oldest events, locked with SKIP LOCKED like every sweeper step. Unset retention:
 * nothing is ever purged.
 */
export const purgeAuditEventsBatch: BatchStep = async (trx, { cutoffs, limit }) => {
  const before = cutoffs.auditEventsBefore;
  if (!before) return NOTHING;
  await sql`select set_config('handoff.audit_purge', 'on', true)`.execute(trx);
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (q) => q.selectFrom("audit_events").select("id").where("created_at", "<", before).limit(limit).forUpdate().skipLocked(),
    )
    .deleteFrom("audit_events")
    .where("id", "in", (eb) => eb.selectFrom("batch").select("batch.id"))
    .returning("id")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};
