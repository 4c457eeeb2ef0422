// Small byte helpers that run unchanged on Node and on Workers (no Buffer; node:crypto's hash is
// available on Workers through nodejs_compat).
import * as nodeCrypto from "node:crypto";


export function isBase62(s: string): boolean {
  return /^[0-9A-Za-z]*$/.test(s);
}

export type Bytes = Uint8Array<ArrayBuffer>;

export function utf8(s: string): Bytes {
  return new TextEncoder().encode(s) as Bytes;
}


export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let bin = "";
  for (const b of view) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(s: string): Bytes | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * node:crypto's one-shot `hash` (Node ≥ 20.12), where the runtime really has it: tried once, since a
 * polyfilled runtime may export it as a stub that throws (unenv's "not implemented").
 */
const oneShotHash = ((): typeof nodeCrypto.hash | undefined => {
  try {
    const h = nodeCrypto.hash;
    return h("sha256", "", "hex") === "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" ? h : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * SHA-256 of a string, hex. On the hot path (every API key lookup): node:crypto runs inline where
 * WebCrypto's digest takes ~20 µs and a trip through the thread pool; the one-shot `hash` (~0.6 µs
 * here) skips the Hash object createHash builds (~1.9 µs). Runtimes without it (Workers) use createHash.
 */
export function sha256Hex(input: string): string {
  return oneShotHash ? oneShotHash("sha256", input, "hex") : nodeCrypto.createHash("sha256").update(input, "utf8").digest("hex");
}

/**
 * HMAC-SHA-256 of a string, base64url. node:crypto computes it inline (a few µs); WebCrypto's sign
 * goes through the thread pool and back (~20 µs and an event-loop turn) — on every provision.
 */
export function hmacSha256Base64Url(secret: string, data: string): string {
  return toBase64Url(nodeCrypto.createHmac("sha256", secret).update(data, "utf8").digest());
}

/** Compares two strings without an early exit, so timing does not reveal the matching prefix. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC32 of an ASCII string's bytes, read straight from its char codes: no encoded copy first (it runs
 * on every API key check). Only for ASCII (a code above 0x7f would not be its UTF-8 byte).
 */
export function crc32Ascii(s: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
