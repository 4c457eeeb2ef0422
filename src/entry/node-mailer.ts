import type { Config } from "../config.js";
import { smtpTransport } from "../services/mail/smtp-transport.js";
import type { MailTransport } from "../services/mail/transport.js";

/** Node's mail transport: SMTP through nodemailer when SMTP_URL is set (the HTTP relay needs no help). */
export function nodeMailer(config: Config): (MailTransport & { close(): void }) | undefined {
  const transport = config.mail?.transport;
  return transport?.kind === "smtp" ? smtpTransport(transport.url) : undefined;
}
