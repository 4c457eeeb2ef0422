import { sql } from "kysely";
import type { DeletePermission, MembershipState, Role } from "../../../db/schema.js";
import type { TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { GuardActor, GuardRefusal } from "../../domain/membership-guards.js";
import type { TransitionRefusal } from "../../domain/membership-states.js";
import { effectivePermissions, PERMISSIONS, type Permission } from "../../domain/team-permissions.js";
import { credentialGuardActor } from "./credential-standing.js";
import type { Executor } from "../db-types.js";

/** A person's standing in one organization: role, state, and the permissions role and groups give. */
export type Standing = { userId: string; role: Role; state: MembershipState; permissions: Permission[] };

/**
 * Reads a person's standing in one query: the membership, the policy that shapes the role's
 * permissions and every group's permissions. Null when they are not a member.
 */
export async function standingIn(db: Executor, organizationId: string, userId: string): Promise<Standing | null> {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .select([
      "m.role",
      "m.state",
      "o.delete_permission",
      sql<string[][]>`coalesce((
        select jsonb_agg(g.permissions) from group_members gm join groups g on g.id = gm.group_id
        where gm.organization_id = m.organization_id and gm.user_id = m.user_id
      ), '[]'::jsonb)`.as("group_permissions"),
    ])
    .where("m.organization_id", "=", organizationId)
    .where("m.user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return { userId, role: row.role, state: row.state, permissions: permissionsOf(row.role, row.group_permissions, row.delete_permission) };
}

function permissionsOf(role: Role, groups: string[][], deletePermission: DeletePermission): Permission[] {
  return effectivePermissions(role, groups, { deletePermission });
}

/**
 * The actor as the guards see it. An organization credential acts with its scopes and its creator's
 * standing (the server's bootstrap key: every permission, an owner's standing); a person's standing is read now (inside the caller's transaction), so a role or
 * group changed a moment ago already counts.
 */
export async function guardActorOf(db: Executor, actor: TeamActor): Promise<GuardActor> {
  // SCIM tokens act for the organization as a whole (their own issue defines their bounds).
  if (actor.kind === "scim") return { kind: "credential", permissions: [...PERMISSIONS], actsAsOwner: true, onBehalfOf: null };
  if (actor.kind !== "team_user") return credentialGuardActor(db, actor);
  const standing = await standingIn(db, actor.organizationId, actor.userId);
  if (!standing) throw new DomainError("not_found", "No such organization.");
  return { kind: "member", ...standing };
}

const DETAILS: Record<string, string> = {
  member_suspended: "The member is suspended in this organization.",
  member_awaiting_confirmation: "An admin has yet to confirm this membership.",
  membership_inactive: "This membership cannot act in the organization now.",
  cannot_act_on_self: "Nobody can suspend or delete themselves; ask another admin.",
  owner_required: "Only an owner can act on an owner or make someone an owner.",
  last_owner: "The organization needs an active owner: make someone else an owner first.",
  member_not_suspended: "Suspend the member first: deletion always follows a suspension that could be undone.",
  member_not_awaiting_confirmation: "Only a member who has joined and awaits confirmation can be confirmed.",
  member_not_active: "The member is not active.",
  member_not_in_recovery: "The member is not in account recovery.",
};

/** Throws the refusal, if any, as the domain error of the same code. */
export function enforce(refusal: GuardRefusal | { code: TransitionRefusal } | null): void {
  if (!refusal) return;
  if (refusal.code === "permission_required") {
    throw new DomainError("permission_required", `This needs the \`${refusal.permission}\` team permission.`);
  }
  throw new DomainError(refusal.code, DETAILS[refusal.code]);
}
