import type { DeletePermission, RequireTwoStep, ScimNewPeople } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { weakensTwoStep } from "../../domain/two-step-policy.js";
import { actorMayAct, ownerRequired, permissionRequired } from "../../domain/membership-guards.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { change } from "../unit-of-work.js";
import { enforce, guardActorOf } from "./standing.js";

/** An organization's team policy. */
export type Policy = {
  confirmationRequired: boolean;
  deletePermission: DeletePermission;
  autoDeleteSuspendedAfterDays: number | null;
  /** Who must have two-step login on before using the team pages (src/domain/two-step-policy.ts). */
  requireTwoStep: RequireTwoStep;
  /** A person an identity provider creates with no Handoff account: a provision, or an invitation. */
  scimNewPeople: ScimNewPeople;
};

const COLUMNS = ["confirmation_required", "delete_permission", "auto_delete_suspended_after_days", "require_two_step", "scim_new_people"] as const;

export async function getPolicy(db: Executor, organizationId: string): Promise<Policy> {
  const row = await db
    .selectFrom("organizations")
    .select(COLUMNS)
    .where("id", "=", organizationId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such organization.");
  return toPolicy(row);
}

function toPolicy(r: {
  confirmation_required: boolean;
  delete_permission: DeletePermission;
  auto_delete_suspended_after_days: number | null;
  require_two_step: RequireTwoStep;
  scim_new_people: ScimNewPeople;
}): Policy {
  return {
    scimNewPeople: r.scim_new_people,
    confirmationRequired: r.confirmation_required,
    deletePermission: r.delete_permission,
    autoDeleteSuspendedAfterDays: r.auto_delete_suspended_after_days,
    requireTwoStep: r.require_two_step,
  };
}

/**
 * Changes the policy. Only owners (and the organization's admin key) may: what the policy keeps for
 * owners is theirs to give away. Giving admins the `delete` permission is marked as a raise of privilege.
 */
export async function updatePolicy(deps: AppDeps, ctx: ActorContext<TeamActor>, patch: Partial<Policy>): Promise<Policy> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    const actor = await guardActorOf(unit.trx, ctx.actor);
    enforce(actorMayAct(actor) ?? permissionRequired(actor, "manage_roles") ?? ownerRequired(actor, "owner"));
    const before = await getPolicy(unit.trx, organizationId);
    const row = await unit.trx
      .updateTable("organizations")
      .set({
        ...(patch.confirmationRequired !== undefined ? { confirmation_required: patch.confirmationRequired } : {}),
        ...(patch.deletePermission !== undefined ? { delete_permission: patch.deletePermission } : {}),
        ...(patch.autoDeleteSuspendedAfterDays !== undefined ? { auto_delete_suspended_after_days: patch.autoDeleteSuspendedAfterDays } : {}),
        ...(patch.requireTwoStep !== undefined ? { require_two_step: patch.requireTwoStep } : {}),
        ...(patch.scimNewPeople !== undefined ? { scim_new_people: patch.scimNewPeople } : {}),
        updated_at: unit.now,
      })
      .where("id", "=", organizationId)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw new DomainError("not_found", "No such organization.");
    const after = toPolicy(row);
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof Policy)[]).filter((k) => after[k] !== before[k]).map((k) => [k, { from: before[k], to: after[k] }]),
    );
    if (Object.keys(changed).length) {
      // Weakened: admins may now delete people, nobody confirms newcomers any more, or fewer people
      // must have two-step login on.
      const raise =
        (before.deletePermission === "owners" && after.deletePermission === "admins") ||
        (before.confirmationRequired && !after.confirmationRequired) ||
        weakensTwoStep(before.requireTwoStep, after.requireTwoStep);
      await unit.audit("policy.updated", { type: "organization", id: organizationId }, { changes: changed, ...(raise ? { privilegeRaise: true } : {}) });
    }
    return after;
  });
}
