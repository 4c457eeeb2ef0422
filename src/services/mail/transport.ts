/**
 * How a message leaves Handoff. Node: SMTP through nodemailer (smtp-transport.ts, never loaded on
 * Workers). Workers (and Node when configured so): a JSON POST to an HTTP mail relay (http-relay.ts).
 * The outbox only sees this interface, so both runtimes share its rules.
 */
export type OutgoingMail = {
  /** The outbox row's id: a stable Message-ID for SMTP and an Idempotency-Key for the relay. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

export type MailTransport = {
  /** `smtp` or `http`, for logs. */
  kind: string;
  /** Resolves once the server accepted the message; throws with the reason otherwise. */
  send(mail: OutgoingMail): Promise<void>;
};

/** The Message-ID of an outbox row, the same on every attempt (receivers may drop a duplicate by it). */
export function messageIdOf(mail: OutgoingMail): string {
  const domain = mail.from.match(/@([^>\s]+)>?\s*$/)?.[1] ?? "handoff.invalid";
  return `<${mail.id}@${domain}>`;
}
