import type { TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { isTeamScope, mayGrant, normalizeScopes, type TeamScope } from "../../domain/team-scopes.js";
import type { Executor } from "../db-types.js";
import { creatorStanding } from "../team/credential-standing.js";
import { standingIn } from "../team/standing.js";

/**
 * Who hands out an organization credential (a key, an OAuth app) and what they may put in it: a person
 * grants the scopes their permissions cover; a credential only scopes it holds and its creator could
 * grant. The new credential inherits the grantor's creator (a person, or the server) and never
 * outlives a credential that made it.
 */
export type Grantor = { may(scope: TeamScope): boolean; createdBy: string | null; expiresAt: Date | null };

export async function grantorOf(db: Executor, actor: TeamActor): Promise<Grantor> {
  if (actor.kind === "team_user") {
    const standing = await standingIn(db, actor.organizationId, actor.userId);
    const held = standing?.permissions ?? [];
    return { may: (s) => mayGrant(held, s), createdBy: actor.userId, expiresAt: null };
  }
  // A SCIM token provisions people for an identity provider; it hands out no credentials.
  if (actor.kind === "scim") throw new DomainError("permission_required", "A SCIM token cannot manage organization credentials.");
  const { permissions } = await creatorStanding(db, actor);
  return {
    may: (s) => actor.scopes.includes(s) && (permissions === null || mayGrant(permissions, s)),
    createdBy: actor.createdBy,
    expiresAt: actor.expiresAt,
  };
}

/** The requested scopes in canonical order, or a 403 naming those the grantor cannot give. */
export function scopesToGrant(grantor: Grantor, requested: readonly TeamScope[], verb = "grant"): TeamScope[] {
  const scopes = normalizeScopes(requested);
  const missing = scopes.filter((s) => !grantor.may(s));
  if (missing.length) {
    throw new DomainError("insufficient_scope", `You cannot ${verb} scopes you do not hold: ${missing.join(", ")}.`, {
      errors: [{ path: "scopes", message: `not held by the caller: ${missing.join(", ")}` }],
    });
  }
  return scopes;
}

/** Whether the grantor could have granted every scope of an existing credential (to revoke or roll it). */
export function covers(grantor: Grantor, scopes: readonly string[]): boolean {
  return scopes.every((s) => isTeamScope(s) && grantor.may(s));
}
