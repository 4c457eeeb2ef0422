import type { Role } from "../../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import type { GuardActor } from "../../domain/membership-guards.js";
import { actingRefusal } from "../../domain/membership-states.js";
import type { Permission } from "../../domain/team-permissions.js";
import { credentialAllows, credentialPermissions, type Needed, type TeamScope } from "../../domain/team-scopes.js";
import type { Executor } from "../db-types.js";
import { standingIn } from "./standing.js";

/** An organization credential (API key or OAuth token) as the rules see it. */
export type Credential = { organizationId: string; scopes: readonly string[]; createdBy: string | null };

/**
 * The creator's permissions now (null: the server created it and holds everything) and role. A creator
 * who left the organization, or cannot act in it (suspended, awaiting confirmation), holds nothing:
 * their keys stop with them.
 */
export async function creatorStanding(db: Executor, cred: Credential): Promise<{ permissions: Permission[] | null; role: Role | null }> {
  if (!cred.createdBy) return { permissions: null, role: "owner" };
  const standing = await standingIn(db, cred.organizationId, cred.createdBy);
  if (!standing || actingRefusal(standing.state)) return { permissions: [], role: null };
  return { permissions: standing.permissions, role: standing.role };
}

/** A route's check for a credential: the scope it needs, and its creator's permission behind it. */
export async function assertCredentialMay(db: Executor, cred: Credential, needed: Needed, scope: TeamScope): Promise<void> {
  if (!cred.scopes.includes(scope)) throw new DomainError("insufficient_scope", `This credential lacks the \`${scope}\` scope.`);
  const { permissions } = await creatorStanding(db, cred);
  if (!credentialAllows(cred.scopes, permissions, scope, needed)) {
    const what = needed === "any" ? "any team permission" : `the \`${needed}\` team permission`;
    throw new DomainError("permission_required", `The person who created this credential no longer holds ${what}.`);
  }
}

/** The credential as the member guards see it: its creator's standing, bounded by its scopes. */
export async function credentialGuardActor(db: Executor, cred: Credential): Promise<GuardActor> {
  const { permissions, role } = await creatorStanding(db, cred);
  return {
    kind: "credential",
    permissions: credentialPermissions(cred.scopes, permissions),
    actsAsOwner: permissions === null || role === "owner",
    onBehalfOf: cred.createdBy,
  };
}
