import { sql } from "kysely";
import { NOTHING, type BatchStep } from "./batch.js";

/**
 * Deletes provision records that reached their final state (cancelled or expired) before the retention
 * cutoff and whose resources are gone. Audit events stay: they are the lasting trail. A claimed
 * provision is never purged: its record says who owns the project and since when.
 */
export const purgeProvisionsBatch: BatchStep = async (trx, { cutoffs, limit }) => {
  const purged = await trx
    // Materialized so the locking select runs once and the batch never exceeds `limit` (see expire.ts).
    .with(
      (cte) => cte("batch").materialized(),
      (db) =>
        db
          .selectFrom("provisions")
          .select("id")
          // Written exactly as the partial index provisions_finished is, so the planner uses it.
          .where(sql<boolean>`status in ('cancelled', 'expired')`)
          .where("resources_deleted_at", "is not", null)
          .where(sql<Date>`coalesce(cancelled_at, expired_at)`, "<", cutoffs.purgeFinishedBefore)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
    )
    .deleteFrom("provisions")
    .where("id", "in", (eb) => eb.selectFrom("batch").select("batch.id"))
    .returning("id")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};

/**
 * Forgets Idempotency-Keys older than IDEMPOTENCY_KEY_TTL_MS (24 h): a replay within a day returns the
 * original response; after that the key starts a new request. Their stored responses hold sealed key
 * material, so keeping them longer than needed is a cost with no benefit.
 */
export const purgeIdempotencyKeysBatch: BatchStep = async (trx, { cutoffs, limit }) => {
  const purged = await trx
    .with(
      (cte) => cte("batch").materialized(),
      (db) =>
        db
          .selectFrom("idempotency_keys")
          .select(["organization_id", "principal_id", "idempotency_key"])
          .where("created_at", "<", cutoffs.idempotencyKeysBefore)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
    )
    .deleteFrom("idempotency_keys")
    .where((eb) =>
      eb(
        eb.refTuple("organization_id", "principal_id", "idempotency_key"),
        "in",
        eb
          .selectFrom("batch")
          .select(["batch.organization_id", "batch.principal_id", "batch.idempotency_key"])
          .$asTuple("organization_id", "principal_id", "idempotency_key"),
      ),
    )
    .returning("idempotency_key")
    .execute();
  return purged.length === 0 ? NOTHING : { count: purged.length, projectIds: [] };
};
