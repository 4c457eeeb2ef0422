import { deleteResourcesOfProvisions } from "../provisions/resources.js";
import { auditProvisions, metadataField } from "./audit-provisions.js";
import { NOTHING, type BatchStep } from "./batch.js";

/**
 * Expires up to `limit` pending provisions past their expiry, and deletes what they created.
 *
 * One statement locks and marks the batch: its inner select takes rows with `FOR UPDATE SKIP LOCKED`,
 * which lets sweepers on many instances share the work (each takes rows nobody else holds). A row
 * held by a cancel (or a claim) in progress is skipped, and one that a committed cancel or claim
 * changed no longer matches `status = 'pending'` once locked, so the sweep never overrides it; the
 * update repeats that guard so the outcome is one of theirs or ours, never a mix.
 */
export const expireBatch: BatchStep = async (trx, { cutoffs, now, limit, announce }) => {
  const expired = await trx
    // Materialized: the locking select runs exactly once. Inlined into the update's condition, it
    // could be evaluated again (SKIP LOCKED then finds other rows) and exceed the batch size.
    .with(
      (cte) => cte("batch").materialized(),
      (db) =>
        db
          .selectFrom("provisions")
          .select("id")
          .where("status", "=", "pending")
          .where("expires_at", "<=", cutoffs.expireAtOrBefore)
          .orderBy("expires_at")
          .limit(limit)
          .forUpdate()
          .skipLocked(),
    )
    .updateTable("provisions")
    // expired_at is when it expired (what every read already reported since), not when we noticed;
    // when the sweeper acted is resources_deleted_at and the audit event's time.
    .set((eb) => ({ status: "expired", expired_at: eb.ref("expires_at"), resources_deleted_at: now, updated_at: now }))
    .where("id", "in", (eb) => eb.selectFrom("batch").select("batch.id"))
    .where("status", "=", "pending")
    // Only what the deletes need: the audit events are built from the rows by the database.
    .returning(["id", "user_id", "project_id"])
    .execute();
  if (expired.length === 0) return NOTHING;
  await deleteResourcesOfProvisions(trx, expired);
  const events = await auditProvisions(trx, {
    action: "provision.expired",
    provisionIds: expired.map((p) => p.id),
    // The record is purged after the retention period; the trail keeps what was removed.
    metadata: {
      expiresAt: metadataField.isoTime("expires_at"),
      userId: metadataField.text("user_id"),
      projectId: metadataField.text("project_id"),
      agentId: metadataField.text("agent_id"),
      apiKeyId: metadataField.text("api_key_id"),
    },
    at: now,
  });
  await announce(events);
  return { count: expired.length, projectIds: expired.map((p) => p.project_id) };
};
