import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema.js";
import { canManageTeam, isRoleRaise, mostPermissive } from "../../src/domain/roles.js";

const ROLES: Role[] = ["member", "admin", "owner"];

describe("roles", () => {
  describe("happy", () => {
    it("most permissive wins: owner > admin > member", () => {
      expect(mostPermissive("member", "admin")).toBe("admin");
      expect(mostPermissive("admin", "owner")).toBe("owner");
      expect(mostPermissive("member", "owner")).toBe("owner");
    });

    it("is symmetric and idempotent over every pair", () => {
      for (const a of ROLES) {
        expect(mostPermissive(a, a)).toBe(a);
        for (const b of ROLES) expect(mostPermissive(a, b)).toBe(mostPermissive(b, a));
      }
    });
  });

  describe("errors", () => {
    it("a member cannot manage the team", () => {
      expect(canManageTeam("member")).toBe(false);
    });
  });

  describe("security", () => {
    it("admins and owners manage the team", () => {
      expect(canManageTeam("admin")).toBe(true);
      expect(canManageTeam("owner")).toBe(true);
    });

    it("a raise is any role above what was held (no membership counts as member)", () => {
      expect(isRoleRaise(null, "member")).toBe(false);
      expect(isRoleRaise(null, "admin")).toBe(true);
      expect(isRoleRaise("member", "owner")).toBe(true);
      expect(isRoleRaise("admin", "admin")).toBe(false);
      expect(isRoleRaise("owner", "member")).toBe(false);
    });

    it("merging never lowers a role", () => {
      for (const a of ROLES) for (const b of ROLES) expect(canManageTeam(mostPermissive(a, b))).toBe(canManageTeam(a) || canManageTeam(b));
      expect(mostPermissive("owner", "member")).toBe("owner");
    });
  });
});
