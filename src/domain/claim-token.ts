import type { SigningSecret } from "../config.js";
import { constantTimeEqual, fromBase64Url, hmacSha256Base64Url, randomBytes, sha256Hex, toBase64Url, utf8 } from "./encoding.js";

/**
 * A claim link token: `<keyId>.<payload>.<signature>`, HMAC-SHA-256 over the first two parts.
 * The payload carries the provision id, a random nonce and the expiry. Only a hash of the nonce is
 * stored, so neither the database nor a log line can rebuild a working link; a new nonce (regenerate)
 * invalidates every earlier link of the provision.
 */
export type ClaimTokenPayload = { provisionId: string; nonce: string; expiresAt: Date };

export type ClaimTokenCheck =
  | { ok: true; payload: ClaimTokenPayload }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

const keyCache = new Map<string, Promise<CryptoKey>>();

/** The HMAC-SHA-256 key of a signing secret (cached: importing costs more than signing). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

export function newClaimNonce(): string {
  return toBase64Url(randomBytes(18));
}

export function hashClaimNonce(nonce: string): string {
  return sha256Hex(nonce);
}

export async function signClaimToken(payload: ClaimTokenPayload, signer: SigningSecret): Promise<string> {
  const body = toBase64Url(
    utf8(JSON.stringify({ p: payload.provisionId, n: payload.nonce, e: Math.floor(payload.expiresAt.getTime() / 1000) })),
  );
  const signed = `${signer.id}.${body}`;
  return `${signed}.${hmacSha256Base64Url(signer.secret, signed)}`;
}

/** Checks the signature and shape only; the caller decides what an expired link means to it. */
export async function readClaimToken(
  token: string,
  secrets: SigningSecret[],
): Promise<{ ok: true; payload: ClaimTokenPayload } | { ok: false; reason: "malformed" | "bad_signature" }> {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [keyId, body, sig] = parts as [string, string, string];
  const signature = fromBase64Url(sig);
  const secret = secrets.find((s) => s.id === keyId);
  if (!secret) return { ok: false, reason: "bad_signature" };
  // Only the canonical encoding is accepted, so a token cannot be altered into another valid spelling.
  if (!signature || toBase64Url(signature) !== sig) return { ok: false, reason: "malformed" };
  // Compared without an early exit, so timing does not reveal how much of a forged signature matched.
  if (!constantTimeEqual(hmacSha256Base64Url(secret.secret, `${keyId}.${body}`), sig)) return { ok: false, reason: "bad_signature" };
  const raw = fromBase64Url(body);
  let decoded: unknown;
  try {
    decoded = raw && JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const d = decoded as { p?: unknown; n?: unknown; e?: unknown } | null;
  if (!d || typeof d.p !== "string" || typeof d.n !== "string" || typeof d.e !== "number") {
    return { ok: false, reason: "malformed" };
  }
  return { ok: true, payload: { provisionId: d.p, nonce: d.n, expiresAt: new Date(d.e * 1000) } };
}

export async function verifyClaimToken(
  token: string,
  secrets: SigningSecret[],
  now: Date,
): Promise<ClaimTokenCheck> {
  const read = await readClaimToken(token, secrets);
  if (!read.ok) return read;
  if (read.payload.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return read;
}
