import type { SigningSecret } from "../config.js";
import { hmacKey } from "./claim-token.js";
import { fromBase64Url, toBase64Url, utf8 } from "./encoding.js";
import { normalizeEmail } from "./claim-rules.js";

/**
 * Proofs that a person received mail at an address. Each is `<keyId>.<…>.<HMAC-SHA-256>` signed with the
 * claim-link secrets (rotation: the first signs, all verify) over what it proves, so nothing is stored:
 *
 * - the proof a mailed claim or invitation link carries (`?proof=`): this address received the link to
 *   this provision or invitation. Whoever follows it with an account of that address has shown they
 *   read its mail, which verifies the address;
 * - a verification link's token: this account's address, as it is now, received this message before
 *   the expiry. Changing the address voids it (the address is signed, not written in the token).
 */

export type ProofPurpose = "provision" | "invitation";

const VERIFICATION_TTL_MS = 7 * 24 * 3600_000;

async function mac(secret: SigningSecret, message: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign("HMAC", await hmacKey(secret.secret), utf8(message)));
}

/** crypto.subtle.verify compares in constant time; only the canonical encoding is accepted. */
async function macMatches(secrets: SigningSecret[], keyId: string, signature: string, message: string): Promise<boolean> {
  const secret = secrets.find((s) => s.id === keyId);
  const bytes = fromBase64Url(signature);
  if (!secret || !bytes || toBase64Url(bytes) !== signature) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret.secret), bytes, utf8(message));
}

const linkMessage = (purpose: ProofPurpose, subjectId: string, email: string) => `address-proof:${purpose}:${subjectId}:${normalizeEmail(email)}`;

export async function signLinkProof(purpose: ProofPurpose, subjectId: string, email: string, signer: SigningSecret): Promise<string> {
  return `${signer.id}.${await mac(signer, linkMessage(purpose, subjectId, email))}`;
}

export async function linkProofHolds(proof: string | undefined, purpose: ProofPurpose, subjectId: string, email: string, secrets: SigningSecret[]): Promise<boolean> {
  if (!proof) return false;
  const parts = proof.split(".");
  if (parts.length !== 2) return false;
  return macMatches(secrets, parts[0]!, parts[1]!, linkMessage(purpose, subjectId, email));
}

const verificationMessage = (userId: string, email: string, expires: number) => `verify-email:${userId}:${normalizeEmail(email)}:${expires}`;

export async function signVerification(userId: string, email: string, now: Date, signer: SigningSecret): Promise<string> {
  const expires = Math.floor((now.getTime() + VERIFICATION_TTL_MS) / 1000);
  return `${signer.id}.${userId}.${expires}.${await mac(signer, verificationMessage(userId, email, expires))}`;
}

/** The token's user id, if its shape is right (the caller then checks it against that user's address). */
export function verificationUser(token: string): { keyId: string; userId: string; expires: number; signature: string } | null {
  const parts = token.split(".");
  if (parts.length !== 4 || !/^\d{1,12}$/.test(parts[2]!)) return null;
  return { keyId: parts[0]!, userId: parts[1]!, expires: Number(parts[2]), signature: parts[3]! };
}

export type VerificationCheck = "ok" | "invalid" | "expired";

export async function checkVerification(token: string, email: string, now: Date, secrets: SigningSecret[]): Promise<VerificationCheck> {
  const t = verificationUser(token);
  if (!t || !(await macMatches(secrets, t.keyId, t.signature, verificationMessage(t.userId, email, t.expires)))) return "invalid";
  return t.expires * 1000 <= now.getTime() ? "expired" : "ok";
}
