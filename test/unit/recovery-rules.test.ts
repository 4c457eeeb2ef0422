import { describe, expect, it } from "vitest";
import type { GuardActor } from "../../src/domain/membership-guards.js";
import { loginRefusalInRecovery, recoveryLinkExpiry, recoveryRefusal } from "../../src/domain/recovery-rules.js";

const admin: GuardActor = { kind: "member", userId: "usr_admin", role: "admin", state: "active", permissions: ["recover"] };
const owner: GuardActor = { ...admin, userId: "usr_owner", role: "owner" };
const ownersKey: GuardActor = { kind: "credential", permissions: ["recover"], actsAsOwner: true, onBehalfOf: "usr_owner" };
const adminsKey: GuardActor = { kind: "credential", permissions: ["recover"], actsAsOwner: false, onBehalfOf: "usr_admin" };

describe("recovery rules", () => {
  describe("happy", () => {
    it("an admin recovers a member of this organization only", () => {
      expect(recoveryRefusal(admin, { userId: "usr_m", role: "member" }, 0)).toBeNull();
      expect(recoveryRefusal(admin, { userId: "usr_a2", role: "admin" }, 0)).toBeNull();
    });

    it("an owner, or a credential acting as one, recovers an owner", () => {
      expect(recoveryRefusal(owner, { userId: "usr_o2", role: "owner" }, 0)).toBeNull();
      expect(recoveryRefusal(ownersKey, { userId: "usr_o2", role: "owner" }, 0)).toBeNull();
    });

    it("a link expires after the configured hours", () => {
      expect(recoveryLinkExpiry(new Date("2026-11-30T00:00:00Z"), 24).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    });
  });

  describe("errors", () => {
    it("nobody recovers an owner unless an owner asks", () => {
      expect(recoveryRefusal(admin, { userId: "usr_o", role: "owner" }, 0)?.code).toBe("recovery_not_allowed");
      expect(recoveryRefusal(adminsKey, { userId: "usr_o", role: "owner" }, 0)?.code).toBe("recovery_not_allowed");
    });

    it("login is refused in either recovery state, with what to do next", () => {
      expect(loginRefusalInRecovery("recovery_started", "Acme")).toContain("recovery link");
      expect(loginRefusalInRecovery("recovery_accepted", "Acme")).toContain("completes your recovery");
      expect(loginRefusalInRecovery("active", "Acme")).toBeNull();
      expect(loginRefusalInRecovery(null, "Acme")).toBeNull();
    });
  });

  describe("security", () => {
    it("never someone who also belongs to another organization, whoever asks", () => {
      for (const actor of [admin, owner, ownersKey]) {
        expect(recoveryRefusal(actor, { userId: "usr_m", role: "member" }, 1)?.code).toBe("recovery_not_allowed");
      }
    });

    it("nobody recovers themselves, nor does their key", () => {
      expect(recoveryRefusal(admin, { userId: "usr_admin", role: "admin" }, 0)?.code).toBe("cannot_act_on_self");
      expect(recoveryRefusal(adminsKey, { userId: "usr_admin", role: "admin" }, 0)?.code).toBe("cannot_act_on_self");
    });
  });
});
