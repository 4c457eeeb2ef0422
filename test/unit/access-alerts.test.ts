import { describe, expect, it } from "vitest";
import { accessAlertFor } from "../../src/domain/access-alerts.js";

const admin = { type: "admin_key", id: "key_1" };

describe("alerts on access changes", () => {
  it("an event marked as a raise calls for an alert naming who gained what", () => {
    expect(accessAlertFor("member.role_changed", { type: "user", id: "usr_a" }, { from: "member", to: "owner", privilegeRaise: true }, admin)).toEqual({
      cause: "member.role_changed",
      userId: "usr_a",
      gained: { role: "owner" },
      selfGranted: false,
      summary: "Member usr_a was made owner by admin_key key_1.",
    });
    expect(accessAlertFor("group.member_added", { type: "group", id: "grp_1" }, { userId: "usr_b", privilegeRaise: true }, admin)?.userId).toBe("usr_b");
    expect(accessAlertFor("policy.updated", { type: "organization", id: "org_1" }, { changes: { a: 1 }, privilegeRaise: true }, admin)?.summary).toMatch(/weakened/);
  });

  it("a credential that can change people or access names its broad scopes", () => {
    const alert = accessAlertFor("organization_api_key.created", { type: "api_key", id: "key_9" }, { scopes: ["members:read", "groups:write"], privilegeRaise: true }, admin)!;
    expect(alert).toMatchObject({ userId: null, gained: { scopes: ["members:read", "groups:write"] } });
    expect(alert.summary).toBe("An organization API key key_9 that can change people or access (groups:write) was created by admin_key key_1.");
  });

  it("no alert without the mark, and never for an alert", () => {
    expect(accessAlertFor("member.role_changed", { type: "user", id: "usr_a" }, { from: "admin", to: "member" }, admin)).toBeNull();
    expect(accessAlertFor("member.role_changed", { type: "user", id: "usr_a" }, undefined, admin)).toBeNull();
    expect(accessAlertFor("alert.access_changed", { type: "user", id: "usr_a" }, { privilegeRaise: true }, admin)).toBeNull();
  });

  it("marks what someone granted themselves (joining by a link or creating an organization is not that)", () => {
    const me = { type: "user", id: "usr_me" };
    const self = accessAlertFor("group.member_added", { type: "group", id: "grp_1" }, { userId: "usr_me", privilegeRaise: true }, me)!;
    expect(self.selfGranted).toBe(true);
    expect(self.summary).toMatch(/^Self-granted: /);
    expect(accessAlertFor("invitation.accepted", { type: "invitation", id: "inv_1" }, { userId: "usr_me", role: "admin", privilegeRaise: true }, me)!.selfGranted).toBe(false);
  });

  it("an organization credential with broad scopes (marked by its writer) alerts with the scopes", () => {
    const a = accessAlertFor("api_key.created", { type: "api_key", id: "key_2" }, { scopes: ["*"], privilegeRaise: true }, admin)!;
    expect(a.gained).toEqual({ scopes: ["*"] });
  });
});
