import type { MembershipState, Role } from "../../db/schema.js";
import { actingRefusal } from "./membership-states.js";
import { holds, type Permission } from "./team-permissions.js";

/**
 * The guards around every action on a member, each a pure check with its own code, returning the
 * refusal or null. Services run them under the row locks that make their inputs current.
 */

export type GuardRefusal =
  | { code: "permission_required"; permission: Permission }
  | { code: "member_suspended" | "member_awaiting_confirmation" | "membership_inactive" }
  | { code: "cannot_act_on_self" }
  | { code: "owner_required" }
  | { code: "last_owner" };

/**
 * Who acts: a person (their membership's role and state), or an organization credential (an API key,
 * an OAuth token) with the permissions its scopes and its creator hold together. A credential acts
 * with its creator's standing: an owner's only when an owner (or the server) created it, and never on
 * its creator (`onBehalfOf`), as nobody suspends or deletes themselves.
 */
export type GuardActor =
  | { kind: "member"; userId: string; role: Role; state: MembershipState; permissions: readonly Permission[] }
  | { kind: "credential"; permissions: readonly Permission[]; actsAsOwner: boolean; onBehalfOf: string | null };

/** A person acts only from an active membership; an organization credential always may. */
export function actorMayAct(actor: GuardActor): GuardRefusal | null {
  if (actor.kind === "credential") return null;
  const code = actingRefusal(actor.state);
  return code ? { code } : null;
}

/** Each route checks one permission; the refusal names it. */
export function permissionRequired(actor: GuardActor, needed: Permission): GuardRefusal | null {
  return holds(actor.permissions, needed) ? null : { code: "permission_required", permission: needed };
}

/** Nobody suspends or deletes themselves. */
export function notSelf(actor: GuardActor, targetUserId: string): GuardRefusal | null {
  const self = actor.kind === "member" ? actor.userId : actor.onBehalfOf;
  return self === targetUserId ? { code: "cannot_act_on_self" } : null;
}

/** Only owners act on owners, and only owners make owners. */
export function ownerRequired(actor: GuardActor, targetRole: Role, newRole?: Role): GuardRefusal | null {
  if (targetRole !== "owner" && newRole !== "owner") return null;
  const actsAsOwner = actor.kind === "credential" ? actor.actsAsOwner : actor.role === "owner";
  return actsAsOwner ? null : { code: "owner_required" };
}

/**
 * The last owner is never suspended, demoted or deleted: some active owner must remain.
 * `otherActiveOwners` counts the organization's active owners other than the target.
 */
export function lastOwner(target: { role: Role }, otherActiveOwners: number, removesOwnership: boolean): GuardRefusal | null {
  return target.role === "owner" && removesOwnership && otherActiveOwners < 1 ? { code: "last_owner" } : null;
}

export type MemberOperation = "confirm" | "suspend" | "reactivate" | "delete" | "change_role" | "recover";

/** The permission each operation on a member checks. */
export const OPERATION_PERMISSION: Record<MemberOperation, Permission> = {
  confirm: "confirm",
  suspend: "suspend",
  reactivate: "suspend",
  delete: "delete",
  change_role: "manage_roles",
  recover: "recover",
};

/**
 * Every guard an operation runs, in order: the actor may act, holds the permission, is not the
 * target (suspend, delete), is an owner when an owner is involved, and leaves an active owner.
 * The state machine (membership-states.ts) decides the transition itself afterwards.
 */
export function guardMemberOperation(
  op: MemberOperation,
  actor: GuardActor,
  target: { userId: string; role: Role },
  ctx: { otherActiveOwners: number; newRole?: Role | undefined },
): GuardRefusal | null {
  const newRole = op === "change_role" ? ctx.newRole : undefined;
  const removesOwnership = op === "suspend" || op === "delete" || (op === "change_role" && newRole !== undefined && newRole !== "owner");
  return (
    actorMayAct(actor) ??
    permissionRequired(actor, OPERATION_PERMISSION[op]) ??
    (op === "suspend" || op === "delete" || op === "recover" ? notSelf(actor, target.userId) : null) ??
    ownerRequired(actor, target.role, newRole) ??
    lastOwner(target, ctx.otherActiveOwners, removesOwnership)
  );
}
