import { fromBase64Url, toBase64Url, utf8 } from "./encoding.js";

/** Opaque keyset cursor over (created_at, id), newest first. */
export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return toBase64Url(utf8(JSON.stringify([c.createdAt.toISOString(), c.id])));
}

export function decodeCursor(s: string): Cursor | null {
  const raw = fromBase64Url(s);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(raw));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value as [unknown, unknown];
    if (typeof at !== "string" || typeof id !== "string") return null;
    const createdAt = new Date(at);
    return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
  } catch {
    return null;
  }
}
