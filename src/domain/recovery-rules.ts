import type { MembershipState, Role } from "../../db/schema.js";
import type { GuardActor } from "./membership-guards.js";

/**
 * Account recovery, as 1Password's `op user recovery begin`: an admin starts it for up to ten people
 * at once; each gets a single-use link to set a new password; an admin completes it. Pure rules.
 */

/** How many people one call may start recovery for. */
export const RECOVERY_BATCH = { min: 1, max: 10 } as const;

/** How long a recovery link works unless RECOVERY_LINK_TTL_HOURS says otherwise. */
export const RECOVERY_LINK_TTL_HOURS = { min: 1, max: 168, default: 24 } as const;

export function recoveryLinkExpiry(now: Date, ttlHours: number): Date {
  return new Date(now.getTime() + ttlHours * 3600_000);
}

export type RecoveryRefusal = { code: "recovery_not_allowed"; detail: string } | { code: "cannot_act_on_self"; detail: string };

/**
 * Whether this actor may start recovering this person. A password is global: recovering someone who
 * also belongs to another organization would let this organization's admins take over an account
 * that reaches the other one, so it is refused whatever the caller holds. An owner is recovered only
 * when an owner (or a credential acting as one) asks; nobody recovers themselves.
 */
export function recoveryRefusal(
  actor: GuardActor,
  target: { userId: string; role: Role },
  otherOrganizations: number,
): RecoveryRefusal | null {
  const self = actor.kind === "member" ? actor.userId : actor.onBehalfOf;
  if (self === target.userId) return { code: "cannot_act_on_self", detail: "Nobody can recover their own account; ask another admin." };
  if (otherOrganizations > 0) {
    return {
      code: "recovery_not_allowed",
      detail: "This person also belongs to another organization: their account (and password) reach beyond this one, so only they can change it.",
    };
  }
  const actsAsOwner = actor.kind === "credential" ? actor.actsAsOwner : actor.role === "owner";
  if (target.role === "owner" && !actsAsOwner) return { code: "recovery_not_allowed", detail: "Only an owner can recover an owner's account." };
  return null;
}

/**
 * Why a person who just gave their password may not log in, or null. While recovery is started the
 * old password no longer opens the account; after they set a new one they wait, as in 1Password,
 * until an admin completes the recovery.
 */
export function loginRefusalInRecovery(state: MembershipState | null, organizationName: string): string | null {
  if (state === "recovery_started") {
    return `An admin of ${organizationName} started the recovery of your account, so this password no longer works. Follow the recovery link mailed to you (or ask your admin for it) to set a new one.`;
  }
  if (state === "recovery_accepted") {
    return `Your new password is set. You can log in once an admin of ${organizationName} completes your recovery.`;
  }
  return null;
}
