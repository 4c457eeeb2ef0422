import type { Selectable } from "kysely";
import type { WebhookEndpointsTable } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import { DEFAULT_ROTATION_OVERLAP_S, webhookUrlProblem } from "../../domain/webhook-rules.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { paginate, type PageParams } from "../pagination.js";
import { change } from "../unit-of-work.js";
import { newWebhookSecret, sealSecret } from "./secrets.js";

export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type EndpointInput = { url: string; events: string[]; description?: string | null | undefined; enabled?: boolean | undefined };

function checkUrl(deps: AppDeps, url: string) {
  const problem = webhookUrlProblem(url, deps.config.webhookAllowPrivateTargets);
  if (problem) throw new DomainError("validation_failed", `url ${problem}.`, { errors: [{ path: "url", message: problem }] });
}

/** Subscriptions as stored: no duplicates, `*` alone when present. */
function normalizeEvents(events: string[]): string[] {
  return events.includes("*") ? ["*"] : [...new Set(events)].sort();
}

export async function getEndpoint(db: Executor, organizationId: string, id: string): Promise<WebhookEndpoint> {
  const row = await db.selectFrom("webhook_endpoints").selectAll().where("organization_id", "=", organizationId).where("id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such webhook endpoint in this organization.");
  return row;
}

export function listEndpoints(db: Executor, organizationId: string, page: PageParams) {
  return paginate(db.selectFrom("webhook_endpoints").selectAll().where("organization_id", "=", organizationId), page);
}

/** A new endpoint and its signing secret, which is returned this once and stored only sealed. */
export async function createEndpoint(deps: AppDeps, ctx: ActorContext<TeamActor>, input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  checkUrl(deps, input.url);
  const secret = newWebhookSecret();
  const sealed = await sealSecret(deps, secret);
  return change(deps, ctx, {}, async (unit) => {
    const endpoint = await unit.trx
      .insertInto("webhook_endpoints")
      .values({
        id: newId("webhook"),
        organization_id: ctx.actor.organizationId,
        url: input.url,
        description: input.description ?? null,
        events: JSON.stringify(normalizeEvents(input.events)),
        enabled: input.enabled ?? true,
        secret_sealed: sealed,
        created_at: unit.now,
        updated_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit("webhook.created", { type: "webhook", id: endpoint.id }, { url: endpoint.url, events: endpoint.events, enabled: endpoint.enabled });
    return { endpoint, secret };
  });
}

/** Changes what was sent; re-enabling an endpoint the server disabled clears its failure record. */
export async function updateEndpoint(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, patch: Partial<EndpointInput>): Promise<WebhookEndpoint> {
  if (patch.url !== undefined) checkUrl(deps, patch.url);
  return change(deps, ctx, {}, async (unit) => {
    const before = await getEndpoint(unit.trx, ctx.actor.organizationId, id);
    const after = await unit.trx
      .updateTable("webhook_endpoints")
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.events !== undefined ? { events: JSON.stringify(normalizeEvents(patch.events)) } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.enabled === true && !before.enabled ? { disabled_reason: null, failing_since: null } : {}),
        updated_at: unit.now,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changed = (["url", "description", "enabled"] as const).filter((k) => before[k] !== after[k]);
    if (JSON.stringify(before.events) !== JSON.stringify(after.events)) (changed as string[]).push("events");
    if (changed.length) await unit.audit("webhook.updated", { type: "webhook", id }, { changed, url: after.url, events: after.events, enabled: after.enabled });
    return after;
  });
}

export async function deleteEndpoint(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<void> {
  await change(deps, ctx, {}, async (unit) => {
    const endpoint = await getEndpoint(unit.trx, ctx.actor.organizationId, id);
    // Deliveries first, then the endpoint: the order a delivery attempt locks them in (no deadlock).
    await unit.trx.deleteFrom("webhook_deliveries").where("endpoint_id", "=", id).execute();
    await unit.trx.deleteFrom("webhook_endpoints").where("id", "=", id).execute();
    await unit.audit("webhook.deleted", { type: "webhook", id }, { url: endpoint.url });
  });
}

/**
 * A new signing secret, shown once. The previous one keeps signing beside it (two `v1,` signatures)
 * for `overlapSeconds`, so receivers can switch without missing a delivery.
 */
export async function rotateSecret(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  id: string,
  overlapSeconds = DEFAULT_ROTATION_OVERLAP_S,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newWebhookSecret();
  const sealed = await sealSecret(deps, secret);
  return change(deps, ctx, {}, async (unit) => {
    const before = await getEndpoint(unit.trx, ctx.actor.organizationId, id);
    const expiresAt = new Date(unit.now.getTime() + overlapSeconds * 1000);
    const endpoint = await unit.trx
      .updateTable("webhook_endpoints")
      .set({
        secret_sealed: sealed,
        previous_secret_sealed: overlapSeconds > 0 ? before.secret_sealed : null,
        previous_secret_expires_at: overlapSeconds > 0 ? expiresAt : null,
        updated_at: unit.now,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit("webhook.secret_rotated", { type: "webhook", id }, { previousSecretExpiresAt: overlapSeconds > 0 ? expiresAt.toISOString() : null });
    return { endpoint, secret };
  });
}
