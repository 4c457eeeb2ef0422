import { describe, expect, it } from "vitest";
import {
  actorMayAct,
  guardMemberOperation,
  lastOwner,
  notSelf,
  OPERATION_PERMISSION,
  ownerRequired,
  permissionRequired,
  type GuardActor,
  type MemberOperation,
} from "../../src/domain/membership-guards.js";
import { PERMISSIONS, rolePermissions } from "../../src/domain/team-permissions.js";

const policy = { deletePermission: "admins" as const };
const member = (role: "owner" | "admin" | "member", extra: Partial<GuardActor & { kind: "member" }> = {}): GuardActor => ({
  kind: "member",
  userId: "usr_actor",
  role,
  state: "active",
  permissions: rolePermissions(role, policy),
  ...extra,
});
const credential: GuardActor = { kind: "credential", permissions: [...PERMISSIONS], actsAsOwner: true, onBehalfOf: null };
const target = (role: "owner" | "admin" | "member", userId = "usr_target") => ({ userId, role });
const OPS: MemberOperation[] = ["confirm", "suspend", "reactivate", "delete", "change_role"];

describe("membership guards", () => {
  describe("happy", () => {
    it("an admin acts on a member for every operation", () => {
      for (const op of OPS) {
        expect(guardMemberOperation(op, member("admin"), target("member"), { otherActiveOwners: 1, newRole: "admin" })).toBeNull();
      }
    });

    it("an owner acts on another owner while an active owner remains", () => {
      for (const op of OPS) {
        expect(guardMemberOperation(op, member("owner"), target("owner"), { otherActiveOwners: 1, newRole: "admin" })).toBeNull();
      }
    });

    it("the organization's credential acts with an owner's standing", () => {
      expect(guardMemberOperation("suspend", credential, target("owner"), { otherActiveOwners: 1 })).toBeNull();
      expect(guardMemberOperation("change_role", credential, target("member"), { otherActiveOwners: 0, newRole: "owner" })).toBeNull();
      expect(actorMayAct(credential)).toBeNull();
    });

    it("an owner may demote themselves while another owner remains, and anyone may promote to owner only as owner", () => {
      const me = member("owner");
      expect(guardMemberOperation("change_role", me, target("owner", "usr_actor"), { otherActiveOwners: 1, newRole: "admin" })).toBeNull();
      expect(guardMemberOperation("change_role", me, target("admin"), { otherActiveOwners: 0, newRole: "owner" })).toBeNull();
    });

    it("each operation checks one permission", () => {
      expect(OPERATION_PERMISSION).toEqual({ confirm: "confirm", suspend: "suspend", reactivate: "suspend", delete: "delete", change_role: "manage_roles", recover: "recover" });
    });

    it("a member holding a group's permission may use it", () => {
      const pm = member("member", { permissions: ["provision", "confirm", "recover"] });
      expect(guardMemberOperation("confirm", pm, target("member"), { otherActiveOwners: 1 })).toBeNull();
    });
  });

  describe("errors", () => {
    it("permission_required names the missing permission", () => {
      for (const op of OPS) {
        expect(guardMemberOperation(op, member("member"), target("member"), { otherActiveOwners: 1, newRole: "admin" })).toEqual({
          code: "permission_required",
          permission: OPERATION_PERMISSION[op],
        });
      }
      expect(permissionRequired(member("member"), "read_audit")).toEqual({ code: "permission_required", permission: "read_audit" });
    });

    it("last_owner: the last active owner is never suspended, demoted or deleted", () => {
      const owner = member("owner");
      expect(guardMemberOperation("suspend", owner, target("owner"), { otherActiveOwners: 0 })).toEqual({ code: "last_owner" });
      expect(guardMemberOperation("delete", owner, target("owner"), { otherActiveOwners: 0 })).toEqual({ code: "last_owner" });
      expect(guardMemberOperation("change_role", owner, target("owner", "usr_actor"), { otherActiveOwners: 0, newRole: "admin" })).toEqual({ code: "last_owner" });
      expect(guardMemberOperation("change_role", credential, target("owner"), { otherActiveOwners: 0, newRole: "member" })).toEqual({ code: "last_owner" });
      expect(lastOwner(target("owner"), 0, true)).toEqual({ code: "last_owner" });
    });

    it("but the last owner may be confirmed, reactivated or kept an owner", () => {
      expect(lastOwner(target("owner"), 0, false)).toBeNull();
      expect(guardMemberOperation("reactivate", credential, target("owner"), { otherActiveOwners: 0 })).toBeNull();
      expect(guardMemberOperation("change_role", credential, target("owner"), { otherActiveOwners: 0, newRole: "owner" })).toBeNull();
    });

    it("cannot_act_on_self: nobody suspends or deletes themselves", () => {
      const me = member("owner");
      expect(guardMemberOperation("suspend", me, target("member", "usr_actor"), { otherActiveOwners: 5 })).toEqual({ code: "cannot_act_on_self" });
      expect(guardMemberOperation("delete", me, target("member", "usr_actor"), { otherActiveOwners: 5 })).toEqual({ code: "cannot_act_on_self" });
      expect(notSelf(me, "usr_actor")).toEqual({ code: "cannot_act_on_self" });
      expect(notSelf(credential, "usr_actor")).toBeNull();
    });
  });

  describe("security", () => {
    it("owner_required: only owners act on owners or make owners", () => {
      for (const op of OPS) {
        expect(guardMemberOperation(op, member("admin"), target("owner"), { otherActiveOwners: 3, newRole: "admin" })).toEqual({ code: "owner_required" });
      }
      expect(guardMemberOperation("change_role", member("admin"), target("member"), { otherActiveOwners: 3, newRole: "owner" })).toEqual({ code: "owner_required" });
      expect(ownerRequired(member("admin"), "admin", "admin")).toBeNull();
    });

    it("a suspended member cannot act, whatever they hold", () => {
      const suspended = member("owner", { state: "suspended" });
      for (const op of OPS) {
        expect(guardMemberOperation(op, suspended, target("member"), { otherActiveOwners: 3 })).toEqual({ code: "member_suspended" });
      }
    });

    it("a member awaiting confirmation cannot act", () => {
      expect(actorMayAct(member("admin", { state: "awaiting_confirmation" }))).toEqual({ code: "member_awaiting_confirmation" });
      expect(actorMayAct(member("admin", { state: "pending" }))).toEqual({ code: "membership_inactive" });
    });

    it("an admin cannot suspend themselves to lock others out, nor promote themselves", () => {
      const admin = member("admin");
      expect(guardMemberOperation("suspend", admin, target("admin", "usr_actor"), { otherActiveOwners: 1 })).toEqual({ code: "cannot_act_on_self" });
      expect(guardMemberOperation("change_role", admin, target("admin", "usr_actor"), { otherActiveOwners: 1, newRole: "owner" })).toEqual({ code: "owner_required" });
    });
  });
});
