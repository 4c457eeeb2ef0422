import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema.js";
import {
  BUILTIN_GROUPS,
  effectivePermissions,
  holds,
  isPermission,
  isPrivilegeRaise,
  normalizePermissions,
  PERMISSIONS,
  rolePermissions,
} from "../../src/domain/team-permissions.js";

const ADMINS = { deletePermission: "admins" as const };
const OWNERS = { deletePermission: "owners" as const };
const ROLES: Role[] = ["member", "admin", "owner"];

describe("team permissions", () => {
  describe("happy", () => {
    it("owners hold every permission under either policy", () => {
      expect(rolePermissions("owner", ADMINS)).toEqual([...PERMISSIONS]);
      expect(rolePermissions("owner", OWNERS)).toEqual([...PERMISSIONS]);
    });

    it("admins hold every permission when the policy keeps nothing for owners", () => {
      expect(rolePermissions("admin", ADMINS)).toEqual([...PERMISSIONS]);
    });

    it("members hold none by their role", () => {
      expect(rolePermissions("member", ADMINS)).toEqual([]);
    });

    it("groups add to the role: most permissive wins", () => {
      expect(effectivePermissions("member", [BUILTIN_GROUPS.provision_managers.permissions], ADMINS)).toEqual(["provision", "confirm", "recover"]);
      expect(effectivePermissions("member", [["read_audit"], ["provision", "read_audit"]], ADMINS)).toEqual(["provision", "read_audit"]);
      expect(effectivePermissions("admin", [["delete"]], OWNERS)).toEqual([...PERMISSIONS]);
    });

    it("the built-in Provision Managers group provisions, confirms and recovers", () => {
      expect(BUILTIN_GROUPS.provision_managers.permissions).toEqual(["provision", "confirm", "recover"]);
    });

    it("a raise is any permission gained", () => {
      expect(isPrivilegeRaise([], ["read_audit"])).toBe(true);
      expect(isPrivilegeRaise(["provision"], ["provision", "delete"])).toBe(true);
      expect(isPrivilegeRaise(rolePermissions("member", ADMINS), rolePermissions("admin", ADMINS))).toBe(true);
    });

    it("permissions are stored in one order, without duplicates", () => {
      expect(normalizePermissions(["read_audit", "provision", "read_audit"])).toEqual(["provision", "read_audit"]);
      expect(holds(["confirm"], "confirm")).toBe(true);
    });
  });

  describe("errors", () => {
    it("the policy can keep delete for owners: admins then lack it", () => {
      expect(rolePermissions("admin", OWNERS)).not.toContain("delete");
      expect(rolePermissions("admin", OWNERS)).toHaveLength(PERMISSIONS.length - 1);
      expect(holds(rolePermissions("admin", OWNERS), "delete")).toBe(false);
    });

    it("unknown permission names grant nothing", () => {
      expect(isPermission("superuser")).toBe(false);
      expect(isPermission("delete")).toBe(true);
      expect(effectivePermissions("member", [["superuser", "provision"]], ADMINS)).toEqual(["provision"]);
    });

    it("losing or keeping permissions is not a raise", () => {
      expect(isPrivilegeRaise(["provision", "delete"], ["provision"])).toBe(false);
      expect(isPrivilegeRaise(["provision"], ["provision"])).toBe(false);
      expect(isPrivilegeRaise([...PERMISSIONS], [])).toBe(false);
    });
  });

  describe("security", () => {
    it("a higher role never holds less than a lower one", () => {
      for (const policy of [ADMINS, OWNERS]) {
        for (let i = 1; i < ROLES.length; i++) {
          const lower = rolePermissions(ROLES[i - 1]!, policy);
          expect(isPrivilegeRaise(rolePermissions(ROLES[i]!, policy), lower)).toBe(false);
        }
      }
    });

    it("groups never take away what the role grants", () => {
      for (const role of ROLES) {
        for (const policy of [ADMINS, OWNERS]) {
          const base = rolePermissions(role, policy);
          expect(isPrivilegeRaise(effectivePermissions(role, [[], ["provision"]], policy), base)).toBe(false);
        }
      }
    });
  });
});
