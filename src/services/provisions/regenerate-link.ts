import { canRegenerateLink } from "../../domain/provision-rules.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import { issueClaimLink } from "./claim-url.js";
import { findProvision } from "./find.js";

/** A new claim link (a new nonce, so every earlier link stops working) and, if asked, a new expiry. */
export async function regenerateClaimLink(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, expiresIn: number | undefined) {
  return change(deps, ctx, {}, async ({ trx, now, audit, afterCommit }) => {
    const provision = await findProvision(trx, ctx.actor.organizationId, id, { forUpdate: true });
    const allowed = canRegenerateLink({ status: provision.status, expiresAt: provision.expires_at }, now);
    if (allowed !== true) {
      throw new DomainError("provision_not_pending", `The provision is ${allowed}; only a pending provision gets a new claim link.`);
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
    await audit("provision.claim_link_regenerated", { type: "provision", id: provision.id }, {
      expiresAt: expiresAt.toISOString(),
      expiryChanged: expiresIn !== undefined,
    });
    // The provision's expiry is part of every cached key record of its project.
    afterCommit(() => deps.keyCache.invalidateProject(updated.project_id));
    return { provision: updated, claimUrl: link.claimUrl };
  });
}
