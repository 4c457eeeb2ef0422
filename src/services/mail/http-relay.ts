import type { MailTransport } from "./transport.js";
import { messageIdOf } from "./transport.js";

const TIMEOUT_MS = 15_000;
const MAX_BODY_IN_REASON = 200;

/**
 * Delivery through an HTTP mail relay (MAIL_HTTP_URL): what works on Workers, where nodemailer cannot
 * open SMTP connections. One JSON POST per message, `Authorization: Bearer <MAIL_HTTP_SECRET>`, with
 * the outbox row's id as `Idempotency-Key` so a relay that honours it never sends a retry twice. Any
 * 2xx answer means accepted; anything else is a failure whose status (and the start of the body) is
 * kept as the reason. The README documents the body for relay authors.
 */
export function httpRelayTransport(url: string, secret: string, fetchImpl: typeof fetch = fetch): MailTransport {
  return {
    kind: "http",
    async send(mail) {
      const res = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, "idempotency-key": mail.id },
        body: JSON.stringify({
          id: mail.id,
          messageId: messageIdOf(mail),
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (res.ok) {
        await res.body?.cancel();
        return;
      }
      const body = (await res.text().catch(() => "")).replace(/\s+/g, " ").slice(0, MAX_BODY_IN_REASON);
      throw new Error(`mail relay answered ${res.status}${body ? `: ${body}` : ""}`);
    },
  };
}
