import { fromBase64Url, toBase64Url, utf8 } from "./encoding.js";

/**
 * AES-256-GCM with a key derived (HKDF-SHA-256) from a server secret and a context string, for data
 * that must be kept but never sit in clear at rest (e.g. the stored response of an idempotent create,
 * which holds a fresh API key). Runs on WebCrypto, so on Node and on Workers alike.
 */
async function deriveKey(secret: string, context: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", utf8(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: utf8(context) },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export async function seal(plaintext: string, secret: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(secret, context);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, utf8(plaintext));
  return `${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
}

/** Null when the box was sealed with another secret or context, or was altered. */
export async function open(box: string, secret: string, context: string): Promise<string | null> {
  const parts = box.split(".");
  if (parts.length !== 2) return null; // exactly what seal() writes: anything appended is an alteration
  const [ivPart, dataPart] = parts;
  const iv = ivPart ? fromBase64Url(ivPart) : null;
  const data = dataPart ? fromBase64Url(dataPart) : null;
  if (!iv || !data) return null;
  try {
    const key = await deriveKey(secret, context);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, data);
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
