import type { DeletePermission, Role } from "../../db/schema.js";

/**
 * Team permissions: what a person (or an organization credential) may do to the team. Owners hold all;
 * admins all but what the policy keeps for owners; members none; groups add theirs. The holder gets the
 * union: most permissive wins. Pure rules, tested without a database.
 */
export const PERMISSIONS = [
  "provision",
  "confirm",
  "recover",
  "suspend",
  "delete",
  "manage_roles",
  "manage_groups",
  "manage_integrations",
  "read_audit",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** The part of an organization's policy that decides permissions. */
export type PermissionPolicy = { deletePermission: DeletePermission };

/** Groups every organization has; they can be edited but not deleted. */
export const BUILTIN_GROUPS = {
  provision_managers: {
    name: "Provision Managers",
    description: "Provisions and invites people, confirms them, and starts account recovery.",
    permissions: ["provision", "confirm", "recover"] as Permission[],
  },
} as const;
export type BuiltinGroup = keyof typeof BUILTIN_GROUPS;

/** What a role grants by itself under this policy. */
export function rolePermissions(role: Role, policy: PermissionPolicy): Permission[] {
  switch (role) {
    case "owner":
      return [...PERMISSIONS];
    case "admin":
      return PERMISSIONS.filter((p) => !(p === "delete" && policy.deletePermission === "owners"));
    case "member":
      return [];
  }
}

/** The union of the role's and the groups' permissions, in the canonical order, unknown names ignored. */
export function effectivePermissions(
  role: Role,
  groupPermissions: readonly (readonly string[])[],
  policy: PermissionPolicy,
): Permission[] {
  const held = new Set<string>(rolePermissions(role, policy));
  for (const list of groupPermissions) for (const p of list) held.add(p);
  return PERMISSIONS.filter((p) => held.has(p));
}

export function holds(held: readonly Permission[], needed: Permission): boolean {
  return held.includes(needed);
}

/** Whether `after` grants anything `before` did not: such changes are marked for the alerts on access changes. */
export function isPrivilegeRaise(before: readonly string[], after: readonly string[]): boolean {
  const had = new Set(before);
  return after.some((p) => !had.has(p));
}

/** Canonical order, no duplicates: how a group's permissions are stored. */
export function normalizePermissions(list: readonly Permission[]): Permission[] {
  const set = new Set(list);
  return PERMISSIONS.filter((p) => set.has(p));
}
