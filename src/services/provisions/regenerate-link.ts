import { canRegenerateLink } from "../../domain/provision-rules.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import { latestDelivery } from "../mail/delivery-view.js";
import { mailClaimLink } from "../mail/notices.js";
import { issueClaimLink } from "./claim-url.js";
import { findProvision } from "./find.js";

/** A new claim link (a new nonce, so every earlier link stops working) and, if asked, a new expiry. */
export async function regenerateClaimLink(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, expiresIn: number | undefined) {
  return change(deps, ctx, {}, async (unit) => {
    const { trx, now, audit, invalidate } = unit;
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
    // The earlier link was mailed, and it works no more: the new one goes the same way.
    if (updated.email && (await latestDelivery(trx, "provision", updated.id))) {
      await mailClaimLink(deps, unit, {
        organizationId: updated.organization_id,
        provisionId: updated.id,
        email: updated.email,
        name: updated.name,
        projectName: updated.project_name,
        claimUrl: link.claimUrl,
        expiresAt,
      });
    }
    // The provision's expiry is part of every cached key record of its project.
    invalidate({ projects: [updated.project_id] });
    return { provision: updated, claimUrl: link.claimUrl };
  });
}
