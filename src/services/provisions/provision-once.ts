import type { ActorContext, TeamActor } from "../../domain/actors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import { createProvision, type CreateProvisionInput } from "./create.js";
import { toProvisionView, viewProvision, type ProvisionCreatedView } from "./view.js";

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
    // Nothing mailed: no delivery to look up (a round trip saved on every provision without mail).
    const view = created.mailed ? await viewProvision(deps, created.provision, unit.trx) : toProvisionView(created.provision, deps.clock.now(), null);
    const body = { ...view, apiKey: created.apiKey, claimUrl: created.claimUrl };
    return { status: 201, body };
  });
}
