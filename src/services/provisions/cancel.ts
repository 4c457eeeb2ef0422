import type { Provision } from "../../../db/schema.js";
import { decideCancel } from "../../domain/provision-rules.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import { findProvision } from "./find.js";
import { deleteProvisionResources } from "./resources.js";

/**
 * Cancels a pending provision: the record stays (status `cancelled`) and everything it created is
 * deleted in the same transaction, so its key fails from the moment this returns. The row lock
 * orders a cancel against a concurrent claim or sweep: whichever comes second sees the new status.
 */
export async function cancelProvision(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<Provision> {
  return change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
    const provision = await findProvision(trx, ctx.actor.organizationId, id, { forUpdate: true });
    const decision = decideCancel({ status: provision.status, expiresAt: provision.expires_at }, now);
    if (decision === "already_cancelled") return provision;
    if (decision === "claimed") {
      throw new DomainError("provision_not_pending", "The provision was already claimed; its resources now belong to the claimant.");
    }
    if (decision === "expired") {
      throw new DomainError("provision_not_pending", "The provision has expired; its resources are removed by the sweeper.");
    }
    await deleteProvisionResources(trx, provision);
    const cancelled = await trx
      .updateTable("provisions")
      .set({ status: "cancelled", cancelled_at: now, resources_deleted_at: now, updated_at: now })
      .where("id", "=", provision.id)
      .where("status", "=", "pending")
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit("provision.cancelled", { type: "provision", id: provision.id });
    invalidate({ projects: [cancelled.project_id] });
    return cancelled;
  });
}
