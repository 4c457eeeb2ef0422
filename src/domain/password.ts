import { constantTimeEqual, fromBase64Url, randomBytes, toBase64Url, utf8, type Bytes } from "./encoding.js";

/**
 * PBKDF2-HMAC-SHA-256 through WebCrypto: deliberately slow, and native on Node and on Workers alike
 * (scrypt and Argon2 are not in WebCrypto, and a WASM Argon2 would cost more CPU time than a Worker
 * request may use). 600,000 iterations is OWASP's current recommendation for PBKDF2-SHA-256. The
 * parameters are stored with each hash, so raising them later re-hashes at the next login.
 *
 * Stored form: `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

async function derive(password: string, salt: Bytes, iterations: number): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", utf8(password.normalize("NFKC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits) as Bytes;
}

export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(16);
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(await derive(password, salt, iterations))}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltPart, hashPart] = stored.split("$");
  const iterations = Number(iter);
  const salt = saltPart ? fromBase64Url(saltPart) : null;
  if (scheme !== "pbkdf2-sha256" || !Number.isInteger(iterations) || iterations < 1 || !salt || !hashPart) return false;
  return constantTimeEqual(toBase64Url(await derive(password, salt, iterations)), hashPart);
}

/** True when a stored hash uses fewer iterations than configured now, so it should be upgraded. */
export function needsRehash(stored: string, iterations: number): boolean {
  return Number(stored.split("$")[1]) < iterations;
}

/** A hash that matches nothing, verified when an email is unknown so timing does not reveal which emails exist. */
export function dummyPasswordHash(iterations: number): string {
  return `pbkdf2-sha256$${iterations}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}
