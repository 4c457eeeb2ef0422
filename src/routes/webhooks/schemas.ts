import { z } from "@hono/zod-openapi";
import { isSubscription } from "../../domain/audit-catalogue.js";
import { idOf, int32, singleLine, text, timestamp } from "../../http/schemas.js";
import type { WebhookDelivery } from "../../services/webhooks/deliveries.js";
import type { WebhookEndpoint } from "../../services/webhooks/endpoints.js";

/** Visible ASCII only (an international name in its xn-- form): no space or control character hides in it. */
const Url = z
  .string()
  .trim()
  .min(1)
  .max(2048, { abort: true })
  .regex(/^[\x21-\x7e]+$/, "must be a URL in visible ASCII characters")
  .openapi({ format: "uri", example: "https://receiver.example/handoff" });

const Subscription = z
  .string()
  .max(100, { abort: true })
  .regex(/^(\*|[a-z_]+\.(\*|[a-z_]+))$/, "must be an event type, a family like member.*, or *")
  .refine(isSubscription, "is not an event type of the catalogue")
  .openapi({ example: "member.*" });

const Events = z.array(Subscription).min(1).max(100).openapi({ description: "Event types, families (`member.*`) or `[\"*\"]` for all" });

export const CreateWebhookBody = z
  .object({
    url: Url,
    events: Events,
    description: singleLine(z.string().trim().max(500)).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi("CreateWebhookRequest");

export const UpdateWebhookBody = CreateWebhookBody.partial().strict().openapi("UpdateWebhookRequest");

export const RotateSecretBody = z
  .object({ overlapSeconds: int32(0, 7 * 86_400).optional().openapi({ description: "How long the old secret keeps signing beside the new one (default 24 h)" }) })
  .strict()
  .openapi("RotateWebhookSecretRequest");

export const WebhookSchema = z
  .object({
    id: idOf("whk"),
    url: z.string().max(2048).openapi({ format: "uri" }),
    description: text(500).nullable(),
    events: z.array(z.string().max(100)).max(100),
    enabled: z.boolean(),
    disabledReason: z.enum(["gone", "failing"]).nullable().openapi({ description: "Why the server disabled it: it answered 410, or failed for days" }),
    failingSince: timestamp().nullable(),
    previousSecretExpiresAt: timestamp("Until then the previous secret signs too").nullable(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi("Webhook");

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z
    .string()
    .max(100)
    .regex(/^whsec_[A-Za-z0-9+/=]+$/)
    .openapi({ description: "The signing secret (whsec_ and base64), shown this once" }),
}).openapi("WebhookWithSecret");

export const DeliveryStatusSchema = z.enum(["queued", "sending", "sent", "failed"]);

export const DeliverySchema = z
  .object({
    id: idOf("msg").openapi({ description: "The webhook-id of every attempt" }),
    endpointId: idOf("whk"),
    eventId: z.string().max(64),
    eventType: z.string().max(100),
    status: DeliveryStatusSchema,
    attempts: int32(0, 1000),
    responseStatus: int32(100, 599).nullable(),
    durationMs: int32(0, 600_000).nullable(),
    lastError: text(300).nullable(),
    nextAttemptAt: timestamp().nullable(),
    lastAttemptAt: timestamp().nullable(),
    createdAt: timestamp(),
  })
  .openapi("WebhookDelivery");

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toWebhookJson(w: WebhookEndpoint): z.infer<typeof WebhookSchema> {
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    events: w.events,
    enabled: w.enabled,
    disabledReason: w.disabled_reason as "gone" | "failing" | null,
    failingSince: iso(w.failing_since),
    previousSecretExpiresAt: iso(w.previous_secret_expires_at),
    createdAt: w.created_at.toISOString(),
    updatedAt: w.updated_at.toISOString(),
  };
}

export function toDeliveryJson(d: WebhookDelivery): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    endpointId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.response_status,
    durationMs: d.duration_ms,
    lastError: d.last_error,
    nextAttemptAt: d.status === "queued" ? iso(d.next_attempt_at) : null,
    lastAttemptAt: iso(d.last_attempt_at),
    createdAt: d.created_at.toISOString(),
  };
}
