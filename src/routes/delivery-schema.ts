import { z } from "@hono/zod-openapi";
import { MAX_DELIVERY_ATTEMPTS } from "../domain/delivery.js";
import { MAIL_KINDS } from "../services/mail/outbox.js";
import { emailOut, int32, text, timestamp } from "../http/schemas.js";

/** The mail that carried a link (provisions, invitations, members): null when nothing was mailed. */
export const MailDeliverySchema = z
  .object({
    kind: z.enum(MAIL_KINDS).openapi({ description: "What the message was: a claim link, an invitation, a recovery link…" }),
    state: z.enum(["queued", "sent", "failed"]).openapi({
      description: "`queued`: waiting for its first attempt or a retry; `sent`: accepted by the mail server; `failed`: given up after the last retry",
    }),
    to: emailOut,
    attempts: int32(0, MAX_DELIVERY_ATTEMPTS),
    reason: text(300).nullable().openapi({ description: "Why the last attempt failed (while retrying, and once given up)" }),
    queuedAt: timestamp(),
    sentAt: timestamp().nullable(),
    nextAttemptAt: timestamp("While queued: when the next attempt is due").nullable(),
  })
  .openapi("MailDelivery");
