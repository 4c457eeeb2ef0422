import { Secret, TOTP } from "otpauth";
import type { SigningSecret } from "../config.js";
import { hmacKey } from "./claim-token.js";
import { fromBase64Url, randomBytes, sha256Hex, toBase64Url, utf8 } from "./encoding.js";

/** Two-step login rules: TOTP (RFC 6238: SHA-1, 6 digits, 30 s), recovery codes, the login challenge. */

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: "Handoff", label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, label: string): string {
  return totpOf(secretBase32, label).toString();
}

/** The code for `at` (tests and the enrolment page's check). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpOf(secretBase32, "x").generate({ timestamp: at.getTime() });
}

/**
 * The time step a code belongs to, when it is right for `at` (one step of clock drift either way), or
 * null. The caller accepts a step only once (a code seen by a shoulder-surfer is spent).
 */
export function totpStep(secretBase32: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secretBase32, "x").validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

const CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten single-use recovery codes, `xxxxx-xxxxx` (50 bits each), shown once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is stored of a recovery code: its hash, of the code as typed in any case, with or without the dash. */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(`recovery:${code.trim().toLowerCase().replace(/[^a-z0-9]/g, "")}`);
}

export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim());

const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * The login challenge: after the password, before the code. A signed cookie value naming the person and
 * an expiry (5 minutes), so no half-logged-in session ever exists.
 */
export async function signChallenge(userId: string, now: Date, signer: SigningSecret): Promise<string> {
  const body = `${userId}.${Math.floor((now.getTime() + CHALLENGE_TTL_MS) / 1000)}`;
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(signer.secret), utf8(`two-step:${signer.id}.${body}`));
  return `${signer.id}.${body}.${toBase64Url(sig)}`;
}

export async function readChallenge(token: string, now: Date, secrets: SigningSecret[]): Promise<{ userId: string } | "expired" | null> {
  const parts = token.split(".");
  if (parts.length !== 4 || !/^\d{1,12}$/.test(parts[2]!)) return null;
  const [keyId, userId, expires, sig] = parts as [string, string, string, string];
  const secret = secrets.find((s) => s.id === keyId);
  const bytes = fromBase64Url(sig);
  if (!secret || !bytes || toBase64Url(bytes) !== sig) return null;
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret.secret), bytes, utf8(`two-step:${keyId}.${userId}.${expires}`));
  if (!ok) return null;
  return Number(expires) * 1000 <= now.getTime() ? "expired" : { userId };
}
