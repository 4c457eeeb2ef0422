import { EXPIRES_IN } from "../../domain/provision-rules.js";
import { z } from "@hono/zod-openapi";

/** Seconds from now until the claim link and the unclaimed provision expire (60 s to 30 days). */
export function expiresInSchema(description: string) {
  return z.number().int().min(EXPIRES_IN.min).max(EXPIRES_IN.max).optional().openapi({ description });
}

export const ProvisionStatusSchema = z.enum(["pending", "claimed", "cancelled", "expired"]);

export const ProvisionSchema = z
  .object({
    id: z.string().openapi({ example: "prv_V1StGXR8Z5jdHi6BmyT2a" }),
    status: ProvisionStatusSchema.openapi({
      description: "Effective status: a pending provision past its expiry is `expired` even before the sweeper runs.",
    }),
    role: z.enum(["admin", "member"]),
    skipOnboarding: z.boolean(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    projectName: z.string(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    userId: z.string(),
    projectId: z.string(),
    agentId: z.string(),
    apiKeyId: z.string(),
    expiresAt: z.string().openapi({ format: "date-time" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    createdBy: z.object({ type: z.string(), id: z.string() }),
    claimedBy: z.string().nullable(),
    claimedAt: z.string().nullable().openapi({ format: "date-time" }),
    cancelledAt: z.string().nullable().openapi({ format: "date-time" }),
    expiredAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("Provision");

export { toProvisionView } from "../../services/provisions/view.js";
