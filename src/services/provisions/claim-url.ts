import { newClaimNonce, hashClaimNonce, signClaimToken } from "../../domain/claim-token.js";
import type { AppDeps } from "../../deps.js";

/** A fresh claim link: the URL to hand out and the nonce hash to store (the nonce itself is never kept). */
export async function issueClaimLink(deps: AppDeps, provisionId: string, expiresAt: Date) {
  const nonce = newClaimNonce();
  const token = await signClaimToken({ provisionId, nonce, expiresAt }, deps.signingSecrets[0]!);
  return { claimUrl: `${deps.config.publicUrl}/claim/${token}`, nonceHash: await hashClaimNonce(nonce) };
}
