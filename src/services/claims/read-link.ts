import type { Provision } from "../../../db/schema.js";
import { claimRefusal } from "../../domain/claim-rules.js";
import { hashClaimNonce, readClaimToken } from "../../domain/claim-token.js";
import type { AppDeps } from "../../deps.js";
import { DomainError } from "../../domain/errors.js";
import type { Executor } from "../db-types.js";

export type ClaimLink = {
  provision: Provision;
  organization: { id: string; name: string };
};

const detail: Record<string, string> = {
  claim_link_invalid: "Check that the whole link was copied; ask your admin for a new one if it still fails.",
  claim_link_expired: "Claim links last a limited time. Ask your admin for a new link.",
  claim_link_superseded: "Your admin issued a newer link for this account. Use the most recent one.",
  claim_already_used: "This account has been claimed already. Log in to use it.",
  claim_link_cancelled: "Your admin cancelled this account before it was claimed.",
  claim_email_mismatch: "This link is for another email address. Log in with that address, or ask your admin.",
};

export function claimError(code: keyof typeof detail & DomainError["code"]): DomainError {
  return new DomainError(code, detail[code]);
}

/**
 * Resolves a claim token to its provision, or throws the precise reason it cannot be used. With
 * `forUpdate` the provision row stays locked for the caller's transaction, which orders a claim
 * against a concurrent claim, cancel or sweep.
 */
export async function readClaimLink(
  deps: AppDeps,
  db: Executor,
  token: string,
  opts: { forUpdate?: boolean; claimantEmail?: string | null } = {},
): Promise<ClaimLink> {
  const read = await readClaimToken(token, deps.signingSecrets);
  if (!read.ok) throw claimError("claim_link_invalid");
  let query = db.selectFrom("provisions").selectAll().where("id", "=", read.payload.provisionId);
  if (opts.forUpdate) query = query.forUpdate();
  const provision = await query.executeTakeFirst();
  if (!provision) throw claimError("claim_link_invalid");
  const now = deps.clock.now();
  const refusal = claimRefusal(
    { status: provision.status, expiresAt: provision.expires_at, nonceHash: provision.claim_nonce_hash, email: provision.email },
    { nonceHash: await hashClaimNonce(read.payload.nonce) },
    opts.claimantEmail === undefined ? null : { email: opts.claimantEmail },
    now,
  );
  if (refusal) throw claimError(refusal);
  if (read.payload.expiresAt.getTime() <= now.getTime()) throw claimError("claim_link_expired");
  const organization = await db
    .selectFrom("organizations")
    .select(["id", "name"])
    .where("id", "=", provision.organization_id)
    .executeTakeFirstOrThrow();
  return { provision, organization };
}

/** What the claim page shows about a link, or why it cannot be used (for this person, when logged in). */
export async function claimPage(deps: AppDeps, token: string, claimantEmail?: string) {
  const { provision, organization } = await readClaimLink(deps, deps.db, token, claimantEmail === undefined ? {} : { claimantEmail });
  return {
    organizationName: organization.name,
    provision: { role: provision.role, projectName: provision.project_name, email: provision.email, expiresAt: provision.expires_at },
  };
}
