import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

export type Received = { messageId: string; to: string; from: string; subject: string; text: string; html: string; raw: ParsedMail };

export type Mailbox = {
  /** smtp://user:password@127.0.0.1:<port> of the running server. */
  url: string;
  received: Received[];
  /** While set, every message is refused with this SMTP reply (451: try again later). */
  refuseWith: string | null;
  /** Messages to `to` (lower-case), oldest first. */
  to(address: string): Received[];
  /** The first http(s) link of a message's plain text. */
  linkIn(mail: Received): string;
  /** That link without its `?proof=` (what the admin was handed). */
  baseLinkIn(mail: Received): string;
  close(): Promise<void>;
};

const USER = "handoff";
const PASSWORD = "smtp-test-password";

/**
 * A real SMTP server in this process (the `smtp-server` package), on a free port, requiring the
 * credentials of its URL: what nodemailer sends arrives here and is parsed like a mail client would.
 */
export async function startMailbox(into: Partial<Mailbox> = {}): Promise<Mailbox> {
  const received: Received[] = [];
  const mailbox = Object.assign(into, {
    url: "",
    received,
    refuseWith: null,
    to: (address) => received.filter((m) => m.to.toLowerCase() === address.toLowerCase()),
    linkIn: (mail) => {
      const link = mail.text.match(/https?:\/\/\S+/)?.[0];
      if (!link) throw new Error(`no link in "${mail.subject}"`);
      return link;
    },
    baseLinkIn: (mail) => mailbox.linkIn(mail).split("?proof=")[0]!,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies Mailbox) as Mailbox;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      return callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      const refusal = mailbox.refuseWith;
      if (refusal) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error(refusal), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({
            messageId: mail.messageId ?? "",
            to: to?.value[0]?.address ?? "",
            from: mail.from?.value[0]?.address ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            raw: mail,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  mailbox.url = `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  return mailbox;
}

/** A mailbox for the whole test file; pass `mailEnv(box)` to useTestContext (registered after this). */
export function useMailbox(): Mailbox {
  const box = {} as Mailbox;
  beforeAll(async () => {
    await startMailbox(box);
  });
  afterAll(async () => {
    await box.close?.();
  });
  return box;
}

export const mailEnv = (box: Mailbox) => () => ({ SMTP_URL: box.url, MAIL_FROM: "Handoff <handoff@handoff.test>" });
