import { sql } from "kysely";
import { deleteResourcesOfProvisions } from "../provisions/resources.js";
import { auditProvisions, metadataField } from "./audit-provisions.js";
import { NOTHING, type BatchStep } from "./batch.js";

/**
 * Finishes cleanups that did not complete: a cancelled or expired provision whose resources are still
 * recorded as present (resources_deleted_at is null), e.g. after a crash between the status change and
 * the deletes in some future code path. Deleting is idempotent, so finishing twice is harmless.
 */
export const finishCleanupBatch: BatchStep = async (trx, { now, limit, announce }) => {
  const finished = await trx
    // Materialized so the locking select runs once (see expire.ts).
    .with(
      (cte) => cte("batch").materialized(),
      (db) =>
        db
          .selectFrom("provisions")
          .select("id")
          // Literal, so the planner matches the partial index provisions_cleanup_due.
          .where(sql<boolean>`status in ('cancelled', 'expired')`)
          .where("resources_deleted_at", "is", null)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
    )
    .updateTable("provisions")
    .set({ resources_deleted_at: now, updated_at: now })
    .where("id", "in", (eb) => eb.selectFrom("batch").select("batch.id"))
    .where("resources_deleted_at", "is", null)
    .returning(["id", "user_id", "project_id"])
    .execute();
  if (finished.length === 0) return NOTHING;
  await deleteResourcesOfProvisions(trx, finished);
  const events = await auditProvisions(trx, {
    action: "provision.cleanup_finished",
    provisionIds: finished.map((p) => p.id),
    metadata: {
      status: metadataField.text("status"),
      userId: metadataField.text("user_id"),
      projectId: metadataField.text("project_id"),
    },
    at: now,
  });
  await announce(events);
  return { count: finished.length, projectIds: finished.map((p) => p.project_id) };
};
