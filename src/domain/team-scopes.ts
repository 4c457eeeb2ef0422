import { holds, PERMISSIONS, type Permission } from "./team-permissions.js";

/**
 * What an organization credential (an organization API key, an OAuth client's token) may do. Each
 * scope stands for team permissions: a credential acts only where a scope it holds covers the route
 * AND the person behind it (its creator) still holds the permission — decided at request time, so a
 * creator demoted, suspended or removed takes their keys' power with them. Pure rules.
 *
 * `users.*` are the scopes of the Users API (`/v1beta1`, named as 1Password names them).
 */
export const TEAM_SCOPES = [
  "provisions:read",
  "provisions:write",
  "members:read",
  "members:write",
  "members:suspend",
  "members:delete",
  "groups:write",
  "audit:read",
  "integrations:write",
  "users.list",
  "users.get",
  "users.suspend",
  "users.reactivate",
] as const;
export type TeamScope = (typeof TEAM_SCOPES)[number];

export function isTeamScope(value: string): value is TeamScope {
  return (TEAM_SCOPES as readonly string[]).includes(value);
}

/** "any": at least one team permission (reading the team). */
export type Needed = Permission | "any";

/** The permission a scope stands for; the creator must hold it for the scope to count. */
export const SCOPE_PERMISSION: Record<TeamScope, Needed | readonly Permission[]> = {
  "provisions:read": "provision",
  "provisions:write": "provision",
  "members:read": "any",
  "members:write": ["confirm", "manage_roles", "recover"],
  "members:suspend": "suspend",
  "members:delete": "delete",
  "groups:write": "manage_groups",
  "audit:read": "read_audit",
  "integrations:write": "manage_integrations",
  "users.list": "any",
  "users.get": "any",
  "users.suspend": "suspend",
  "users.reactivate": "suspend",
};

export const SCOPE_DESCRIPTIONS: Record<TeamScope, string> = {
  "provisions:read": "List and read provisions",
  "provisions:write": "Provision, cancel, regenerate claim links, invite people",
  "members:read": "List and read members, groups and the policy",
  "members:write": "Confirm members, change roles and the organization's name and policy",
  "members:suspend": "Suspend and reactivate members",
  "members:delete": "Delete suspended members",
  "groups:write": "Create, edit and delete groups and their members",
  "audit:read": "Read the audit trail",
  "integrations:write": "Manage organization API keys and OAuth apps",
  "users.list": "Users API: list users",
  "users.get": "Users API: read a user",
  "users.suspend": "Users API: suspend a user",
  "users.reactivate": "Users API: reactivate a user",
};

/** The scopes that only read. Any other scope changes people or access. */
const READ_ONLY_SCOPES: readonly TeamScope[] = ["provisions:read", "members:read", "audit:read", "users.list", "users.get"];

/**
 * Broad scopes: a credential that may change people or access (anything beyond reading). Creating one
 * raises access, so it is alerted to the owners like a new admin is.
 */
export function broadScopes(scopes: readonly string[]): TeamScope[] {
  return scopes.filter(isTeamScope).filter((s) => !READ_ONLY_SCOPES.includes(s));
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/** The scope a `/v1/team` route checked with `permission` needs, for this HTTP method. */
export function scopeForRoute(permission: Needed, method: string): TeamScope {
  switch (permission) {
    case "any":
      return "members:read";
    case "provision":
      return READ_METHODS.has(method.toUpperCase()) ? "provisions:read" : "provisions:write";
    case "confirm":
    case "manage_roles":
    case "recover":
      return "members:write";
    case "suspend":
      return "members:suspend";
    case "delete":
      return "members:delete";
    case "manage_groups":
      return "groups:write";
    case "manage_integrations":
      return "integrations:write";
    case "read_audit":
      return "audit:read";
  }
}

function permissionsOfScope(scope: TeamScope): Permission[] {
  const p = SCOPE_PERMISSION[scope];
  return p === "any" ? [] : typeof p === "string" ? [p] : [...p];
}

/**
 * The team permissions a credential acts with: those its scopes stand for, held by its creator too
 * (`creator` null: the server created it — the bootstrap key — and it holds every permission).
 */
export function credentialPermissions(scopes: readonly string[], creator: readonly Permission[] | null): Permission[] {
  const granted = new Set(scopes.filter(isTeamScope).flatMap(permissionsOfScope));
  return PERMISSIONS.filter((p) => granted.has(p) && (creator === null || holds(creator, p)));
}

/** Whether someone holding `held` (a person's permissions) may grant `scope`. */
export function mayGrant(held: readonly Permission[], scope: TeamScope): boolean {
  const p = SCOPE_PERMISSION[scope];
  if (p === "any") return held.length > 0;
  return typeof p === "string" ? holds(held, p) : p.every((x) => holds(held, x));
}

/**
 * Whether a credential holding `scopes`, created by someone now holding `creator` (null: the server),
 * may do what `scope` covers: the scope itself, and the creator's permission behind it.
 */
export function credentialAllows(scopes: readonly string[], creator: readonly Permission[] | null, scope: TeamScope, needed: Needed): boolean {
  if (!scopes.includes(scope)) return false;
  if (creator === null) return true;
  return needed === "any" ? creator.length > 0 : holds(creator, needed);
}

/** Canonical order, no duplicates: how a credential's scopes are stored. */
export function normalizeScopes(list: readonly TeamScope[]): TeamScope[] {
  const set = new Set(list);
  return TEAM_SCOPES.filter((s) => set.has(s));
}
