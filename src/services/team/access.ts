import { actingRefusal } from "../../domain/membership-states.js";
import { canManageTeam } from "../../domain/roles.js";
import type { AppDeps } from "../../deps.js";
import { DomainError } from "../../domain/errors.js";
import type { ProjectOwner, TeamUser } from "../../domain/actors.js";

/**
 * The dashboard's authorization: owners and admins of the organization manage it; a member gets a
 * 403; someone outside it gets the same 404 as for an organization that does not exist; a suspended
 * (or not yet confirmed) member is refused at once, whatever their role.
 */
export async function teamUserFor(deps: AppDeps, userId: string, organizationId: string): Promise<TeamUser> {
  const m = await deps.db
    .selectFrom("memberships")
    .select(["role", "state"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!m) throw new DomainError("not_found", "No such organization.");
  const refusal = actingRefusal(m.state);
  if (refusal) throw new DomainError(refusal);
  if (!canManageTeam(m.role)) throw new DomainError("team_role_required", "Only the organization's owners and admins can open this page.");
  return { kind: "team_user", organizationId, userId, role: m.role };
}

/** A project this person owns, as the actor for its keys and agents (not while suspended in its organization). */
export async function projectOwnerFor(deps: AppDeps, userId: string, projectId: string): Promise<ProjectOwner> {
  const p = await deps.db
    .selectFrom("projects as p")
    .leftJoin("memberships as m", (j) => j.onRef("m.organization_id", "=", "p.organization_id").onRef("m.user_id", "=", "p.owner_user_id"))
    .select(["p.id", "p.organization_id", "m.state"])
    .where("p.id", "=", projectId)
    .where("p.owner_user_id", "=", userId)
    .executeTakeFirst();
  if (!p) throw new DomainError("not_found", "No such project in your account.");
  if (p.state === "suspended") throw new DomainError("member_suspended", "You are suspended in this project's organization.");
  return { kind: "project_owner", organizationId: p.organization_id, projectId: p.id, userId, scopes: [], expiresAt: null };
}

/** The owner of the project a key belongs to, acting on that key from their account page. */
export async function keyOwnerFor(deps: AppDeps, userId: string, keyId: string): Promise<ProjectOwner> {
  const key = await deps.db.selectFrom("api_keys").select(["project_id"]).where("id", "=", keyId).executeTakeFirst();
  if (!key?.project_id) throw new DomainError("not_found", "No such key in your account.");
  return projectOwnerFor(deps, userId, key.project_id);
}
