import { newId } from "../../domain/ids.js";
import type { AppDeps } from "../../deps.js";
import { sealWith } from "../sealing.js";
import type { Unit } from "../unit-of-work.js";
import { deliverMail } from "./deliver.js";

/** What a message says: plain text and HTML with the same content (messages.ts writes them). */
export type MailMessage = { subject: string; text: string; html: string };

export const MAIL_KINDS = ["claim_link", "invitation", "email_verification", "recovery_link", "access_alert", "webhook_alert"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type MailRequest = {
  /** The organization the message is about (null for mail about an account alone). */
  organizationId: string | null;
  kind: MailKind;
  /** What the delivery state is shown beside: a provision, an invitation, a user. */
  about: { type: "provision" | "invitation" | "user"; id: string };
  to: string;
  message: MailMessage;
};

/**
 * Mail leaves only with a transport (SMTP_URL or MAIL_HTTP_URL, with MAIL_FROM) and a sealing key: the
 * queued message holds a link that works, so it is kept sealed like any other secret at rest. Without
 * either nothing is queued and links are handed to the admin, as before mail existed.
 */
export function mailEnabled(deps: AppDeps): boolean {
  return deps.mailer !== null && deps.config.mail !== null && deps.sealingKeys.length > 0;
}

/** The sealing context of one row: a payload moved to another row does not open. */
export const payloadContext = (id: string) => `mail_outbox:${id}`;

/**
 * Queues a message in the unit's transaction (it exists exactly when the change does) and makes the
 * first attempt right after commit; the delivery job retries what that attempt did not send. Returns
 * the row's id, or null when mail is off.
 */
export async function queueMail(deps: AppDeps, unit: Unit, request: MailRequest): Promise<string | null> {
  if (!mailEnabled(deps)) return null;
  const id = newId("mail");
  const payload = await sealWith(deps.sealingKeys, JSON.stringify(request.message), payloadContext(id));
  await unit.trx
    .insertInto("mail_outbox")
    .values({
      id,
      organization_id: request.organizationId,
      kind: request.kind,
      subject_type: request.about.type,
      subject_id: request.about.id,
      recipient: request.to,
      payload,
      status: "queued",
      next_attempt_at: unit.now,
      created_at: unit.now,
      updated_at: unit.now,
    })
    .execute();
  unit.afterCommit(() => deps.defer(deliverMail(deps, deps.clock.now(), { ids: [id] })));
  return id;
}
