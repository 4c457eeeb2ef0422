import type { Selectable } from "kysely";
import type { WebhookDeliveriesTable, WebhookDeliveryStatus } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { paginate, type PageParams } from "../pagination.js";
import { change } from "../unit-of-work.js";
import { deliverWebhooks } from "./deliver.js";
import { getEndpoint } from "./endpoints.js";
import { webhookPayload } from "./fan-out.js";

export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;

export async function listDeliveries(
  db: Executor,
  organizationId: string,
  endpointId: string,
  params: PageParams & { status?: WebhookDeliveryStatus | undefined },
) {
  await getEndpoint(db, organizationId, endpointId);
  let q = db.selectFrom("webhook_deliveries").selectAll().where("organization_id", "=", organizationId).where("endpoint_id", "=", endpointId);
  if (params.status) q = q.where("status", "=", params.status);
  return paginate(q, params);
}

async function getDelivery(db: Executor, organizationId: string, endpointId: string, id: string): Promise<WebhookDelivery> {
  const row = await db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", endpointId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such delivery of this webhook endpoint.");
  return row;
}

/** After commit, the delivery is attempted at once (the job would otherwise pick it up). */
function attemptAfterCommit(deps: AppDeps, unit: { afterCommit(effect: () => void): void }, ids: string[]) {
  unit.afterCommit(() => deps.defer(deliverWebhooks(deps, deps.clock.now(), { ids })));
}

/**
 * Sends a delivery again now — one that failed, or one waiting for its next retry — with its same
 * id and body (the receiver deduplicates on `webhook-id`). A delivery being sent right now is a 409.
 * Its attempts start over, so a given-up delivery gets the whole schedule again.
 */
export async function retryDelivery(deps: AppDeps, ctx: ActorContext<TeamActor>, endpointId: string, id: string): Promise<WebhookDelivery> {
  return change(deps, ctx, {}, async (unit) => {
    const endpoint = await getEndpoint(unit.trx, ctx.actor.organizationId, endpointId);
    await getDelivery(unit.trx, ctx.actor.organizationId, endpointId, id);
    if (!endpoint.enabled) throw new DomainError("webhook_disabled", "Enable the endpoint again before retrying its deliveries.");
    const row = await unit.trx
      .updateTable("webhook_deliveries")
      .set({ status: "queued", attempts: 0, next_attempt_at: unit.now, updated_at: unit.now })
      .where("id", "=", id)
      .where("status", "in", ["queued", "failed", "sent"])
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError("webhook_delivery_in_flight", "This delivery is being attempted right now; look again in a few seconds.");
    await unit.audit("webhook.delivery_retried", { type: "webhook", id: endpointId }, { deliveryId: id, eventType: row.event_type });
    attemptAfterCommit(deps, unit, [id]);
    return row;
  });
}

/**
 * Sends a `webhook.tested` event to this endpoint only (whatever it subscribes to), signed like any
 * other, and answers with its delivery (queued: the attempt follows the commit).
 */
export async function testEndpoint(deps: AppDeps, ctx: ActorContext<TeamActor>, endpointId: string): Promise<WebhookDelivery> {
  return change(deps, ctx, {}, async (unit) => {
    const endpoint = await getEndpoint(unit.trx, ctx.actor.organizationId, endpointId);
    if (!endpoint.enabled) throw new DomainError("webhook_disabled", "Enable the endpoint before testing it.");
    const event = unit.auditEvent("webhook.tested", { type: "webhook", id: endpointId }, { url: endpoint.url });
    await unit.trx.insertInto("audit_events").values(event).execute();
    const row = await unit.trx
      .insertInto("webhook_deliveries")
      .values({
        id: newId("webhookMessage"),
        organization_id: endpoint.organization_id,
        endpoint_id: endpointId,
        event_id: event.id!,
        event_type: "webhook.tested",
        payload: webhookPayload({ ...event, id: event.id!, metadata: JSON.parse(event.metadata as string), created_at: unit.now } as Parameters<typeof webhookPayload>[0]),
        status: "queued",
        next_attempt_at: unit.now,
        created_at: unit.now,
        updated_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    attemptAfterCommit(deps, unit, [row.id]);
    return row;
  });
}
