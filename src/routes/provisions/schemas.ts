import { EXPIRES_IN } from "../../domain/provision-rules.js";
import { z } from "@hono/zod-openapi";
import { MailDeliverySchema } from "../delivery-schema.js";
import { anyId, emailOut, idOf, int32, singleLine, text, timestamp } from "../../http/schemas.js";

/** Seconds from now until the claim link and the unclaimed provision expire (60 s to 30 days). */
export function expiresInSchema(description: string) {
  return int32(EXPIRES_IN.min, EXPIRES_IN.max).optional().openapi({ description });
}

export const ProvisionStatusSchema = z.enum(["pending", "claimed", "cancelled", "expired"]);

/** Free-form JSON kept with a provision: keys are single-line text; values are checked by the JSON guard. */
export const MetadataKey = singleLine(z.string().min(1).max(100), "keys must be single-line text");

export const ProvisionSchema = z
  .object({
    id: idOf("prv"),
    status: ProvisionStatusSchema.openapi({
      description: "Effective status: a pending provision past its expiry is `expired` even before the sweeper runs.",
    }),
    role: z.enum(["admin", "member"]),
    skipOnboarding: z.boolean(),
    name: text(200).nullable(),
    email: emailOut.nullable(),
    projectName: text(200),
    metadata: z.record(MetadataKey, z.unknown()).nullable(),
    userId: idOf("usr"),
    projectId: idOf("prj"),
    agentId: idOf("agt"),
    apiKeyId: idOf("key"),
    expiresAt: timestamp(),
    createdAt: timestamp(),
    createdBy: z.object({
      type: z.string().max(32).regex(/^[a-z_]+$/).openapi({ example: "admin_key" }),
      id: anyId,
    }),
    claimedBy: idOf("usr").nullable(),
    claimedAt: timestamp().nullable(),
    cancelledAt: timestamp().nullable(),
    expiredAt: timestamp().nullable(),
    delivery: MailDeliverySchema.nullable().openapi({
      description: "The claim link's mail: null when the provision names no email, `sendEmail` was false, or mail is not configured",
    }),
  })
  .openapi("Provision");

export { viewProvision, viewProvisions } from "../../services/provisions/view.js";
