import type { Role } from "../../db/schema.js";

const rank: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/** "Most permissive wins" when a user would hold two roles in one organization. */
export function mostPermissive(a: Role, b: Role): Role {
  return rank[a] >= rank[b] ? a : b;
}

/** Whether going from `before` (null: no membership) to `after` gives more than a member's standing. */
export function isRoleRaise(before: Role | null, after: Role): boolean {
  return rank[after] > (before === null ? rank.member : rank[before]);
}

export function canManageTeam(role: Role): boolean {
  return rank[role] >= rank.admin;
}
