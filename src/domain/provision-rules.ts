import type { ProvisionStatus } from "../../db/schema.js";

/** Pure rules of a provision's life: no I/O, tested without a database. */

export const EXPIRES_IN = { min: 60, max: 30 * 24 * 3600, default: 7 * 24 * 3600 } as const;

type Lifecycle = { status: ProvisionStatus; expiresAt: Date };

/**
 * What the provision is, as seen now. A pending provision past its expiry is expired already,
 * whether or not the sweeper has got to it yet: nothing may rely on the sweeper for correctness.
 */
export function effectiveStatus(p: Lifecycle, now: Date): ProvisionStatus {
  if (p.status === "pending" && p.expiresAt.getTime() <= now.getTime()) return "expired";
  return p.status;
}

/** Why a key of this provision's project must be refused now, or null if it may be used. */
export function keyBlockedBy(p: Lifecycle, now: Date): "provision_cancelled" | "provision_expired" | null {
  const status = effectiveStatus(p, now);
  if (status === "cancelled") return "provision_cancelled";
  if (status === "expired") return "provision_expired";
  return null;
}

export type CancelDecision = "cancel" | "already_cancelled" | "claimed" | "expired";

export function decideCancel(p: Lifecycle, now: Date): CancelDecision {
  switch (effectiveStatus(p, now)) {
    case "pending":
      return "cancel";
    case "cancelled":
      return "already_cancelled";
    case "claimed":
      return "claimed";
    case "expired":
      return "expired";
  }
}

/** Only a live, unclaimed provision gets a new claim link. */
export function canRegenerateLink(p: Lifecycle, now: Date): ProvisionStatus | true {
  const status = effectiveStatus(p, now);
  return status === "pending" ? true : status;
}
