import type { ActorContext, TeamActor } from "../../domain/actors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import { createProvision, type CreateProvisionInput } from "./create.js";
import { viewProvision, type ProvisionCreatedView } from "./view.js";

/**
 * Creates a provision, honouring an Idempotency-Key: the API route and the dashboard form both come
 * here, so a retried request or a re-submitted form never provisions twice.
 */
export async function provisionOnce(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  input: CreateProvisionInput,
  idempotencyKey: string | undefined,
) {
  const idempotency = { key: idempotencyKey, operation: "provisions.create", input };
  return change<ProvisionCreatedView>(deps, ctx, { idempotency }, async (unit) => {
    const created = await createProvision(deps, ctx, input, { within: unit });
    const view = await viewProvision(deps, created.provision, unit.trx);
    const body = { ...view, apiKey: created.apiKey, claimUrl: created.claimUrl };
    return { status: 201, body };
  });
}
