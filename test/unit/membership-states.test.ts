import { describe, expect, it } from "vitest";
import type { MembershipState } from "../../db/schema.js";
import {
  actingRefusal,
  DEAUTHORIZE_AFTER,
  deauthorizeAtFor,
  decide,
  isDeauthorized,
  joinedState,
  MEMBERSHIP_STATES,
  TRANSITIONS,
  type Decision,
  type MembershipAction,
} from "../../src/domain/membership-states.js";

const NO_CONFIRM = { confirmationRequired: false };
const CONFIRM = { confirmationRequired: true };
const at = (state: MembershipState, suspendedFrom: MembershipState | null = null) => ({ state, suspendedFrom });

/** Every cell of the table, written out: a change to the rules must change this list. */
const EXPECTED: Record<MembershipAction, Record<MembershipState, string>> = {
  join: {
    pending: "→active",
    awaiting_confirmation: "=",
    active: "=",
    suspended: "✗member_suspended",
    recovery_started: "=",
    recovery_accepted: "=",
  },
  confirm: {
    pending: "✗member_not_awaiting_confirmation",
    awaiting_confirmation: "→active",
    active: "=",
    suspended: "✗member_not_awaiting_confirmation",
    recovery_started: "=",
    recovery_accepted: "=",
  },
  suspend: {
    pending: "→suspended",
    awaiting_confirmation: "→suspended",
    active: "→suspended",
    suspended: "=",
    recovery_started: "→suspended",
    recovery_accepted: "→suspended",
  },
  reactivate: {
    pending: "=",
    awaiting_confirmation: "=",
    active: "=",
    suspended: "→active",
    recovery_started: "=",
    recovery_accepted: "=",
  },
  delete: {
    pending: "✗member_not_suspended",
    awaiting_confirmation: "✗member_not_suspended",
    active: "✗member_not_suspended",
    suspended: "removed",
    recovery_started: "✗member_not_suspended",
    recovery_accepted: "✗member_not_suspended",
  },
  start_recovery: {
    pending: "✗member_not_active",
    awaiting_confirmation: "✗member_not_active",
    active: "→recovery_started",
    suspended: "✗member_not_active",
    recovery_started: "=",
    recovery_accepted: "✗member_not_active",
  },
  accept_recovery: {
    pending: "✗member_not_in_recovery",
    awaiting_confirmation: "✗member_not_in_recovery",
    active: "✗member_not_in_recovery",
    suspended: "✗member_not_in_recovery",
    recovery_started: "→recovery_accepted",
    recovery_accepted: "=",
  },
  complete_recovery: {
    pending: "✗member_not_in_recovery",
    awaiting_confirmation: "✗member_not_in_recovery",
    active: "✗member_not_in_recovery",
    suspended: "✗member_not_in_recovery",
    recovery_started: "✗recovery_not_accepted",
    recovery_accepted: "→active",
  },
  cancel_recovery: {
    pending: "✗member_not_in_recovery",
    awaiting_confirmation: "✗member_not_in_recovery",
    active: "✗member_not_in_recovery",
    suspended: "✗member_not_in_recovery",
    recovery_started: "→active",
    recovery_accepted: "→active",
  },
};

function show(d: Decision): string {
  switch (d.kind) {
    case "move":
      return `→${d.to}`;
    case "unchanged":
      return "=";
    case "remove":
      return "removed";
    case "refuse":
      return `✗${d.code}`;
  }
}

describe("membership state machine", () => {
  describe("happy", () => {
    for (const action of Object.keys(EXPECTED) as MembershipAction[]) {
      for (const state of MEMBERSHIP_STATES) {
        const want = EXPECTED[action][state];
        if (want.startsWith("✗")) continue;
        it(`${action} from ${state}: ${want}`, () => {
          expect(show(decide(action, at(state, state === "suspended" ? "active" : null), NO_CONFIRM))).toBe(want);
        });
      }
    }

    it("the table covers every action × state", () => {
      for (const action of Object.keys(TRANSITIONS) as MembershipAction[]) {
        expect(Object.keys(TRANSITIONS[action]).sort()).toEqual([...MEMBERSHIP_STATES].sort());
      }
      expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    });

    it("join follows the policy: awaiting confirmation when it is required", () => {
      expect(decide("join", at("pending"), CONFIRM)).toEqual({ kind: "move", from: "pending", to: "awaiting_confirmation" });
      expect(joinedState(CONFIRM)).toBe("awaiting_confirmation");
      expect(joinedState(NO_CONFIRM)).toBe("active");
    });

    it("reactivation returns to the state the member was suspended from", () => {
      for (const from of MEMBERSHIP_STATES.filter((s) => s !== "suspended")) {
        expect(decide("reactivate", at("suspended", from))).toEqual({ kind: "move", from: "suspended", to: from });
      }
    });

    it("a suspended placeholder is pending again after reactivation (its provision can still be claimed)", () => {
      expect(decide("reactivate", at("suspended", "pending"))).toEqual({ kind: "move", from: "suspended", to: "pending" });
    });

    it("suspend and reactivate are idempotent", () => {
      expect(decide("suspend", at("suspended", "active")).kind).toBe("unchanged");
      expect(decide("reactivate", at("active")).kind).toBe("unchanged");
    });

    it("an active member may act", () => {
      expect(actingRefusal("active")).toBeNull();
    });
  });

  describe("errors", () => {
    for (const action of Object.keys(EXPECTED) as MembershipAction[]) {
      for (const state of MEMBERSHIP_STATES) {
        const want = EXPECTED[action][state];
        if (!want.startsWith("✗")) continue;
        it(`${action} from ${state} is refused: ${want.slice(1)}`, () => {
          expect(show(decide(action, at(state, state === "suspended" ? "active" : null)))).toBe(want);
        });
      }
    }

    it("deletion always follows a suspension", () => {
      for (const state of MEMBERSHIP_STATES) {
        expect(decide("delete", at(state, "active")).kind).toBe(state === "suspended" ? "remove" : "refuse");
      }
    });

    it("a row suspended without a recorded origin is reactivated to active", () => {
      expect(decide("reactivate", at("suspended", null))).toEqual({ kind: "move", from: "suspended", to: "active" });
    });
  });

  describe("security", () => {
    it("only an active member acts; the others are told why", () => {
      expect(actingRefusal("suspended")).toBe("member_suspended");
      expect(actingRefusal("awaiting_confirmation")).toBe("member_awaiting_confirmation");
      expect(actingRefusal("pending")).toBe("membership_inactive");
      expect(actingRefusal("recovery_started")).toBe("membership_inactive");
      expect(actingRefusal("recovery_accepted")).toBe("membership_inactive");
    });

    it("a suspended member cannot rejoin through a claim or an invitation", () => {
      expect(decide("join", at("suspended", "pending"), NO_CONFIRM)).toEqual({ kind: "refuse", code: "member_suspended" });
    });
  });
});

describe("deauthorization", () => {
  const now = new Date("2026-11-30T12:00:00.000Z");

  describe("happy", () => {
    it("at once by default", () => {
      expect(deauthorizeAtFor(now)).toEqual(now);
      expect(DEAUTHORIZE_AFTER.default).toBe(0);
    });

    it("after the given delay", () => {
      expect(deauthorizeAtFor(now, 600)).toEqual(new Date(now.getTime() + 600_000));
      expect(deauthorizeAtFor(now, 86_400)).toEqual(new Date(now.getTime() + 86_400_000));
    });

    it("a suspended membership is deauthorized from deauthorizeAt on, not a millisecond before", () => {
      const deadline = new Date(now.getTime() + 600_000);
      const m = { state: "suspended" as const, deauthorizeAt: deadline };
      expect(isDeauthorized(m, new Date(deadline.getTime() - 1))).toBe(false);
      expect(isDeauthorized(m, deadline)).toBe(true);
      expect(isDeauthorized(m, new Date(deadline.getTime() + 1))).toBe(true);
    });
  });

  describe("errors", () => {
    it("the delay is bounded to 0–24 h", () => {
      expect(deauthorizeAtFor(now, -5)).toEqual(now);
      expect(deauthorizeAtFor(now, 999_999)).toEqual(new Date(now.getTime() + 86_400_000));
    });
  });

  describe("security", () => {
    it("no other state is ever deauthorized, whatever the clock says", () => {
      for (const state of MEMBERSHIP_STATES.filter((s) => s !== "suspended")) {
        expect(isDeauthorized({ state, deauthorizeAt: new Date(0) }, now)).toBe(false);
      }
      expect(isDeauthorized({ state: "suspended", deauthorizeAt: null }, now)).toBe(false);
    });
  });
});
