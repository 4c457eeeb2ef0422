import { canManageTeam } from "../../domain/roles.js";
import type { AppDeps } from "../../deps.js";
import { DomainError } from "../../domain/errors.js";
import type { ProjectOwner, TeamUser } from "../../domain/actors.js";

/**
 * The dashboard's authorization: owners and admins of the organization manage it; a member gets a
 * 403; someone outside it gets the same 404 as for an organization that does not exist.
 */
export async function teamUserFor(deps: AppDeps, userId: string, organizationId: string): Promise<TeamUser> {
  const m = await deps.db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!m) throw new DomainError("not_found", "No such organization.");
  if (!canManageTeam(m.role)) throw new DomainError("team_role_required", "Only the organization's owners and admins can open this page.");
  return { kind: "team_user", organizationId, userId, role: m.role };
}

/** A project this person owns, as the actor for its keys and agents. */
export async function projectOwnerFor(deps: AppDeps, userId: string, projectId: string): Promise<ProjectOwner> {
  const p = await deps.db
    .selectFrom("projects")
    .select(["id", "organization_id"])
    .where("id", "=", projectId)
    .where("owner_user_id", "=", userId)
    .executeTakeFirst();
  if (!p) throw new DomainError("not_found", "No such project in your account.");
  return { kind: "project_owner", organizationId: p.organization_id, projectId: p.id, userId, scopes: [], expiresAt: null };
}

/** The owner of the project a key belongs to, acting on that key from their account page. */
export async function keyOwnerFor(deps: AppDeps, userId: string, keyId: string): Promise<ProjectOwner> {
  const key = await deps.db.selectFrom("api_keys").select(["project_id"]).where("id", "=", keyId).executeTakeFirst();
  if (!key?.project_id) throw new DomainError("not_found", "No such key in your account.");
  return projectOwnerFor(deps, userId, key.project_id);
}
