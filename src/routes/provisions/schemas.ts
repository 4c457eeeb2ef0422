import { z } from "@hono/zod-openapi";
import type { Provision } from "../../../db/schema.js";
import { effectiveStatus } from "../../domain/provision-rules.js";

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

export type ProvisionView = z.infer<typeof ProvisionSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of a provision: never the claim nonce or any key material. */
export function toProvisionView(p: Provision, now: Date): ProvisionView {
  return {
    id: p.id,
    status: effectiveStatus({ status: p.status, expiresAt: p.expires_at }, now),
    role: p.role,
    skipOnboarding: p.skip_onboarding,
    name: p.name,
    email: p.email,
    projectName: p.project_name,
    metadata: (p.metadata as Record<string, unknown> | null) ?? null,
    userId: p.user_id,
    projectId: p.project_id,
    agentId: p.agent_id,
    apiKeyId: p.api_key_id,
    expiresAt: p.expires_at.toISOString(),
    createdAt: p.created_at.toISOString(),
    createdBy: { type: p.created_by_type, id: p.created_by_id },
    claimedBy: p.claimed_by_user_id,
    claimedAt: iso(p.claimed_at),
    cancelledAt: iso(p.cancelled_at),
    expiredAt: iso(p.expired_at),
  };
}
