import type { MembershipState } from "../../db/schema.js";

/**
 * The membership state machine as a table: for each action, what each state becomes, stays, or why it
 * is refused. Pure rules: services apply a decision with a guarded update (`… WHERE state = <from>`),
 * so a concurrent change makes the update miss and nothing is applied on a stale read.
 *
 *   pending ──join──▶ active | awaiting_confirmation (policy) ──confirm──▶ active
 *   any but suspended ──suspend──▶ suspended ──reactivate──▶ the state it was suspended from
 *   suspended ──delete──▶ (gone)
 *   active ──start_recovery──▶ recovery_started ──accept_recovery──▶ recovery_accepted ──complete_recovery──▶ active
 *   recovery_started | recovery_accepted ──cancel_recovery──▶ active
 *
 * Completing or cancelling is refused (not "unchanged") outside recovery, so of two admins pressing
 * Complete at once exactly one succeeds and the other is told the member is no longer in recovery.
 */

export const MEMBERSHIP_STATES = [
  "pending",
  "awaiting_confirmation",
  "active",
  "suspended",
  "recovery_started",
  "recovery_accepted",
] as const satisfies readonly MembershipState[];

export type MembershipAction =
  | "join"
  | "confirm"
  | "suspend"
  | "reactivate"
  | "delete"
  | "start_recovery"
  | "accept_recovery"
  | "complete_recovery"
  | "cancel_recovery";

export type TransitionRefusal =
  | "member_suspended"
  | "member_not_suspended"
  | "member_not_awaiting_confirmation"
  | "member_not_active"
  | "member_not_in_recovery"
  | "recovery_not_accepted";

/**
 * An outcome in the table: a state to move to, `joined` (active, or awaiting confirmation when the
 * policy requires it), `resume` (the state before suspension), `removed` (the membership goes),
 * `unchanged` (already there: the call is idempotent), or a refusal.
 */
type Outcome = MembershipState | "joined" | "resume" | "removed" | "unchanged" | { refuse: TransitionRefusal };

const refuse = (code: TransitionRefusal) => ({ refuse: code });

export const TRANSITIONS: Record<MembershipAction, Record<MembershipState, Outcome>> = {
  join: {
    pending: "joined",
    awaiting_confirmation: "unchanged",
    active: "unchanged",
    suspended: refuse("member_suspended"),
    recovery_started: "unchanged",
    recovery_accepted: "unchanged",
  },
  confirm: {
    pending: refuse("member_not_awaiting_confirmation"),
    awaiting_confirmation: "active",
    active: "unchanged",
    suspended: refuse("member_not_awaiting_confirmation"),
    recovery_started: "unchanged",
    recovery_accepted: "unchanged",
  },
  suspend: {
    pending: "suspended",
    awaiting_confirmation: "suspended",
    active: "suspended",
    suspended: "unchanged",
    recovery_started: "suspended",
    recovery_accepted: "suspended",
  },
  reactivate: {
    pending: "unchanged",
    awaiting_confirmation: "unchanged",
    active: "unchanged",
    suspended: "resume",
    recovery_started: "unchanged",
    recovery_accepted: "unchanged",
  },
  delete: {
    pending: refuse("member_not_suspended"),
    awaiting_confirmation: refuse("member_not_suspended"),
    active: refuse("member_not_suspended"),
    suspended: "removed",
    recovery_started: refuse("member_not_suspended"),
    recovery_accepted: refuse("member_not_suspended"),
  },
  start_recovery: {
    pending: refuse("member_not_active"),
    awaiting_confirmation: refuse("member_not_active"),
    active: "recovery_started",
    suspended: refuse("member_not_active"),
    recovery_started: "unchanged",
    recovery_accepted: refuse("member_not_active"),
  },
  accept_recovery: {
    pending: refuse("member_not_in_recovery"),
    awaiting_confirmation: refuse("member_not_in_recovery"),
    active: refuse("member_not_in_recovery"),
    suspended: refuse("member_not_in_recovery"),
    recovery_started: "recovery_accepted",
    recovery_accepted: "unchanged",
  },
  complete_recovery: {
    pending: refuse("member_not_in_recovery"),
    awaiting_confirmation: refuse("member_not_in_recovery"),
    active: refuse("member_not_in_recovery"),
    suspended: refuse("member_not_in_recovery"),
    // The person has not set a new password yet: completing now would hand back an account nobody can open.
    recovery_started: refuse("recovery_not_accepted"),
    recovery_accepted: "active",
  },
  cancel_recovery: {
    pending: refuse("member_not_in_recovery"),
    awaiting_confirmation: refuse("member_not_in_recovery"),
    active: refuse("member_not_in_recovery"),
    suspended: refuse("member_not_in_recovery"),
    recovery_started: "active",
    recovery_accepted: "active",
  },
};

export type Decision =
  | { kind: "move"; from: MembershipState; to: MembershipState }
  | { kind: "remove"; from: MembershipState }
  | { kind: "unchanged"; state: MembershipState }
  | { kind: "refuse"; code: TransitionRefusal };

/** What the membership's current row says; `suspendedFrom` is set while suspended. */
export type MembershipNow = { state: MembershipState; suspendedFrom: MembershipState | null };

/** The state a person enters on joining (claim, invitation): confirmation first when the policy asks. */
export function joinedState(policy: { confirmationRequired: boolean }): MembershipState {
  return policy.confirmationRequired ? "awaiting_confirmation" : "active";
}

export function decide(
  action: MembershipAction,
  m: MembershipNow,
  policy: { confirmationRequired: boolean } = { confirmationRequired: false },
): Decision {
  const outcome = TRANSITIONS[action][m.state];
  if (typeof outcome === "object") return { kind: "refuse", code: outcome.refuse };
  switch (outcome) {
    case "unchanged":
      return { kind: "unchanged", state: m.state };
    case "removed":
      return { kind: "remove", from: m.state };
    case "joined":
      return { kind: "move", from: m.state, to: joinedState(policy) };
    case "resume":
      // A row always records where it was suspended from; `active` covers a row written otherwise.
      return { kind: "move", from: m.state, to: m.suspendedFrom && m.suspendedFrom !== "suspended" ? m.suspendedFrom : "active" };
    default:
      return { kind: "move", from: m.state, to: outcome };
  }
}

/** Seconds between suspension and deauthorization: at once by default, at most 24 hours. */
export const DEAUTHORIZE_AFTER = { min: 0, max: 86_400, default: 0 } as const;

export function deauthorizeAtFor(now: Date, afterSeconds: number = DEAUTHORIZE_AFTER.default): Date {
  const seconds = Math.min(DEAUTHORIZE_AFTER.max, Math.max(DEAUTHORIZE_AFTER.min, Math.floor(afterSeconds)));
  return new Date(now.getTime() + seconds * 1000);
}

/**
 * Whether a membership's sessions and keys are cut off now. Decided at request time from the clock,
 * like provision expiry: nothing waits for a job. Only a suspended membership is ever deauthorized.
 */
export function isDeauthorized(m: { state: MembershipState; deauthorizeAt: Date | null }, now: Date): boolean {
  return m.state === "suspended" && m.deauthorizeAt !== null && now.getTime() >= m.deauthorizeAt.getTime();
}

/** Only an active member acts in the organization; the others are told why not. */
export function actingRefusal(state: MembershipState): "member_suspended" | "member_awaiting_confirmation" | "membership_inactive" | null {
  switch (state) {
    case "active":
      return null;
    case "suspended":
      return "member_suspended";
    case "awaiting_confirmation":
      return "member_awaiting_confirmation";
    default:
      return "membership_inactive";
  }
}
