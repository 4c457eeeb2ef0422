import { crc32Ascii, isBase62, randomBytes, sha256Hex } from "./encoding.js";

/**
 * API key format: `hnd_` + 43 random base62 characters (256 bits) + 6 base62 characters of CRC32.
 * The checksum lets a mistyped or truncated key be refused without touching the database, and the
 * fixed prefix lets secret scanners recognise a leaked key.
 */
export const API_KEY_PREFIX = "hnd_";
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + BODY_LENGTH + CHECKSUM_LENGTH;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** CRC32 of prefix + body as 6 base62 characters, in plain number arithmetic (it runs on every request; base62 is ASCII). */
function checksum(body: string): string {
  let n = crc32Ascii(API_KEY_PREFIX + body);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/**
 * 43 characters drawn uniformly from the 62 (bytes ≥ 248 are dropped, so `% 62` has no bias): 256 bits
 * of entropy, the same as 32 random bytes, without big-number arithmetic.
 */
function randomBody(): string {
  let out = "";
  while (out.length < BODY_LENGTH) {
    for (const b of randomBytes(64)) {
      if (b < 248) out += BASE62[b % 62];
      if (out.length === BODY_LENGTH) break;
    }
  }
  return out;
}

export function generateApiKey(): string {
  const body = randomBody();
  return API_KEY_PREFIX + body + checksum(body);
}

/** Shape and checksum only: no I/O. */
export function isWellFormedApiKey(key: string): boolean {
  if (key.length !== API_KEY_LENGTH || !key.startsWith(API_KEY_PREFIX)) return false;
  const rest = key.slice(API_KEY_PREFIX.length);
  if (!isBase62(rest)) return false;
  const body = rest.slice(0, BODY_LENGTH);
  return checksum(body) === rest.slice(BODY_LENGTH);
}

/** What is stored: never the key itself. */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** Enough to recognise a key in a list without revealing it. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}

export type KeyStatus = "active" | "revoked" | "expired";

export function keyStatus(k: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): KeyStatus {
  if (k.revokedAt && k.revokedAt.getTime() <= now.getTime()) return "revoked";
  if (k.expiresAt && k.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
