import type { AppDeps } from "../../deps.js";
import { idempotencyScopeOf, type TeamActor } from "../../http/principal.js";
import { runIdempotent } from "../idempotency.js";
import { createProvision, type CreateProvisionInput } from "./create.js";
import { toProvisionView, type ProvisionCreatedView } from "./view.js";

/**
 * Creates a provision, honouring an Idempotency-Key: the API route and the dashboard form both come
 * here, so a retried request or a re-submitted form never provisions twice.
 */
export async function provisionOnce(
  deps: AppDeps,
  actor: TeamActor,
  input: CreateProvisionInput,
  idempotencyKey: string | undefined,
  requestId: string | null,
) {
  return runIdempotent<ProvisionCreatedView>(
    deps,
    { organizationId: actor.organizationId, principalId: idempotencyScopeOf(actor), operation: "provisions.create" },
    idempotencyKey,
    input,
    async (trx) => {
      const created = await createProvision(deps, trx, actor, input, requestId);
      const body = { ...toProvisionView(created.provision, deps.clock.now()), apiKey: created.apiKey, claimUrl: created.claimUrl };
      return { status: 201, body };
    },
  );
}
