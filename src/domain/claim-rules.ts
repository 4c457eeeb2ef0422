import type { ProvisionStatus } from "../../db/schema.js";
import { effectiveStatus } from "./provision-rules.js";

/**
 * Why a claim link cannot be used, in the order a person would want to hear it. Each reason has its
 * own page and problem code. Pure: the caller passes what it read.
 */
export type ClaimRefusal =
  | "claim_link_invalid" // tampered, unsigned by any known key, or unknown provision
  | "claim_link_expired"
  | "claim_link_superseded" // a newer link was issued for the provision
  | "claim_already_used"
  | "claim_link_cancelled"
  | "claim_email_mismatch";

export function claimRefusal(
  provision: { status: ProvisionStatus; expiresAt: Date; nonceHash: string; email: string | null },
  link: { nonceHash: string },
  claimant: { email: string | null } | null,
  now: Date,
): ClaimRefusal | null {
  switch (effectiveStatus({ status: provision.status, expiresAt: provision.expiresAt }, now)) {
    case "claimed":
      return "claim_already_used";
    case "cancelled":
      return "claim_link_cancelled";
    case "expired":
      return "claim_link_expired";
    case "pending":
      break;
  }
  if (provision.nonceHash !== link.nonceHash) return "claim_link_superseded";
  if (claimant && provision.email && claimant.email?.toLowerCase() !== provision.email.toLowerCase()) {
    return "claim_email_mismatch";
  }
  return null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** After a claim: onboarding when the admin asked for it, else the account page in the claimed organization's context. */
export function afterClaimPath(p: { id: string; organization_id: string; skip_onboarding: boolean }): string {
  return p.skip_onboarding ? `/account?org=${p.organization_id}&claimed=1` : `/onboarding/${p.id}`;
}
