import { deliveryState, type DeliveryState } from "../../domain/delivery.js";
import type { Executor } from "../db-types.js";
import type { MailKind } from "./outbox.js";

/** The delivery of the latest message about something, as the API and the dashboard show it. */
export type MailDelivery = {
  /** What the message was: a claim link, an invitation, a recovery link… */
  kind: MailKind;
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

type Subject = "provision" | "invitation" | "user";

/**
 * The latest of the matching outbox rows for each key `keyOf` gives a row: the one reading of the
 * outbox behind every delivery state shown (provisions, invitations, members).
 */
async function latestBy(
  db: Executor,
  where: (q: ReturnType<typeof outboxQuery>) => ReturnType<typeof outboxQuery>,
  keyOf: (subjectType: string, subjectId: string) => string | undefined,
): Promise<Map<string, MailDelivery>> {
  const rows = await where(outboxQuery(db)).orderBy("created_at", "asc").orderBy("id", "asc").execute();
  const latest = new Map<string, MailDelivery>();
  for (const r of rows) {
    const key = keyOf(r.subject_type, r.subject_id);
    if (key === undefined) continue;
    const state = deliveryState(r.status);
    latest.set(key, {
      kind: r.kind as MailKind,
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

function outboxQuery(db: Executor) {
  return db
    .selectFrom("mail_outbox")
    .select(["kind", "subject_type", "subject_id", "status", "recipient", "attempts", "last_error", "created_at", "sent_at", "next_attempt_at"]);
}

/**
 * The latest message about each of `ids` (provisions, invitations or users): one query for a whole
 * page. Absent from the map: nothing was mailed (no address, opted out, or mail is off).
 */
export async function latestDeliveries(db: Executor, about: Subject, ids: string[]): Promise<Map<string, MailDelivery>> {
  if (ids.length === 0) return new Map();
  return latestBy(
    db,
    (q) => q.where("subject_type", "=", about).where("subject_id", "in", ids),
    (_, id) => id,
  );
}

export async function latestDelivery(db: Executor, about: Subject, id: string): Promise<MailDelivery | null> {
  return (await latestDeliveries(db, about, [id])).get(id) ?? null;
}

/** Mail an organization sends a person about their place in it; alerts to owners are not about them. */
const MEMBER_MAIL: readonly MailKind[] = ["claim_link", "invitation", "recovery_link"];

/**
 * The latest mail this organization sent each of these members: the claim link of the provision that
 * made (or was claimed into) their account, the invitation they accepted, a recovery link. Mail about
 * the account alone (verifying an address) belongs to no organization and is not shown. Found through
 * what each message is about (the outbox's subject index), never by matching addresses.
 */
export async function latestMemberDeliveries(db: Executor, organizationId: string, userIds: string[]): Promise<Map<string, MailDelivery>> {
  if (userIds.length === 0) return new Map();
  const provisions = await db
    .selectFrom("provisions")
    .select(["id", "user_id", "claimed_by_user_id"])
    .where("organization_id", "=", organizationId)
    .where((eb) => eb.or([eb("user_id", "in", userIds), eb("claimed_by_user_id", "in", userIds)]))
    .execute();
  const invitations = await db
    .selectFrom("invitations")
    .select(["id", "accepted_by_user_id"])
    .where("organization_id", "=", organizationId)
    .where("accepted_by_user_id", "in", userIds)
    .execute();
  const owner = new Map<string, string>(userIds.map((id) => [`user:${id}`, id]));
  for (const p of provisions) owner.set(`provision:${p.id}`, p.claimed_by_user_id ?? p.user_id);
  for (const i of invitations) owner.set(`invitation:${i.id}`, i.accepted_by_user_id!);
  const subjects = (type: Subject, ids: string[]) => (ids.length ? [{ type, ids }] : []);
  const wanted = [
    ...subjects("user", userIds),
    ...subjects("provision", provisions.map((p) => p.id)),
    ...subjects("invitation", invitations.map((i) => i.id)),
  ];
  return latestBy(
    db,
    (q) =>
      q
        .where("organization_id", "=", organizationId)
        .where("kind", "in", MEMBER_MAIL)
        .where((eb) => eb.or(wanted.map((w) => eb.and([eb("subject_type", "=", w.type), eb("subject_id", "in", w.ids)])))),
    (type, id) => owner.get(`${type}:${id}`),
  );
}
