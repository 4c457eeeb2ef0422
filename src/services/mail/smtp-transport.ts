import nodemailer from "nodemailer";
import { messageIdOf, type MailTransport } from "./transport.js";

/**
 * SMTP through nodemailer (Node only: the Workers build never imports this file). SMTP_URL is
 * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start).
 * Timeouts are short beside the outbox lease, so an attempt always ends (in failure, then a retry)
 * long before another worker could take the row over.
 */
export function smtpTransport(smtpUrl: string): MailTransport & { close(): void } {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    kind: "smtp",
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdOf(mail),
        // No tracking: no pixels, no rewritten links; and no auto-replies back at the sender.
        headers: { "Auto-Submitted": "auto-generated" },
      });
    },
    close: () => transporter.close(),
  };
}
