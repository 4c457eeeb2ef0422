import { canRegenerateLink } from "../../domain/provision-rules.js";
import type { AppDeps } from "../../deps.js";
import { ApiError } from "../../http/errors.js";
import { actorOf, type TeamActor } from "../../http/principal.js";
import { recordAudit } from "../audit.js";
import { issueClaimLink } from "./claim-url.js";
import { findProvision } from "./find.js";

/** A new claim link (a new nonce, so every earlier link stops working) and, if asked, a new expiry. */
export async function regenerateClaimLink(
  deps: AppDeps,
  actor: TeamActor,
  id: string,
  expiresIn: number | undefined,
  requestId: string | null,
) {
  const result = await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const provision = await findProvision(trx, actor.organizationId, id, { forUpdate: true });
    const allowed = canRegenerateLink({ status: provision.status, expiresAt: provision.expires_at }, now);
    if (allowed !== true) {
      throw new ApiError("provision_not_pending", `The provision is ${allowed}; only a pending provision gets a new claim link.`);
    }
    const expiresAt = expiresIn === undefined ? provision.expires_at : new Date(now.getTime() + expiresIn * 1000);
    const link = await issueClaimLink(deps, provision.id, expiresAt);
    const updated = await trx
      .updateTable("provisions")
      .set({ claim_nonce_hash: link.nonceHash, expires_at: expiresAt, updated_at: now })
      .where("id", "=", provision.id)
      .where("status", "=", "pending")
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: actor.organizationId,
      actor: actorOf(actor),
      action: "provision.claim_link_regenerated",
      target: { type: "provision", id: provision.id },
      requestId,
      metadata: { expiresAt: expiresAt.toISOString(), expiryChanged: expiresIn !== undefined },
      at: now,
    });
    return { provision: updated, claimUrl: link.claimUrl };
  });
  // The provision's expiry is part of every cached key record of its project.
  deps.keyCache.invalidateProject(result.provision.project_id);
  return result;
}
