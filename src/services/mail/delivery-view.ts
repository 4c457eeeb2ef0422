import { deliveryState, type DeliveryState } from "../../domain/delivery.js";
import type { Executor } from "../db-types.js";

/** The delivery of the latest message about something, as the API and the dashboard show it. */
export type MailDelivery = {
  state: DeliveryState;
  to: string;
  attempts: number;
  /** Why the last attempt failed (kept while retrying, and when given up). */
  reason: string | null;
  queuedAt: string;
  sentAt: string | null;
  /** While queued: when the next attempt is due. */
  nextAttemptAt: string | null;
};

/**
 * The latest message about each of `ids` (provisions, invitations or users): one query for a whole
 * page. Absent from the map: nothing was mailed (no address, opted out, or mail is off).
 */
export async function latestDeliveries(db: Executor, about: "provision" | "invitation" | "user", ids: string[]): Promise<Map<string, MailDelivery>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("mail_outbox")
    .select(["subject_id", "status", "recipient", "attempts", "last_error", "created_at", "sent_at", "next_attempt_at"])
    .where("subject_type", "=", about)
    .where("subject_id", "in", ids)
    .orderBy("created_at", "asc")
    .orderBy("id", "asc")
    .execute();
  const latest = new Map<string, MailDelivery>();
  for (const r of rows) {
    const state = deliveryState(r.status);
    latest.set(r.subject_id, {
      state,
      to: r.recipient,
      attempts: r.attempts,
      reason: state === "sent" ? null : r.last_error,
      queuedAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      nextAttemptAt: state === "queued" ? r.next_attempt_at.toISOString() : null,
    });
  }
  return latest;
}

export async function latestDelivery(db: Executor, about: "provision" | "invitation" | "user", id: string): Promise<MailDelivery | null> {
  return (await latestDeliveries(db, about, [id])).get(id) ?? null;
}
