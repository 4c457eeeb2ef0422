import { fromBase64Url, toBase64Url, utf8 } from "./encoding.js";

// Only what encodeCursor writes: a four-digit year from 0001 (PostgreSQL has no year 0; a wider
// year is out of its range on some engines and would surface as a 500 instead of a 400).
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
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
    if (typeof at !== "string" || typeof id !== "string" || !ISO_INSTANT.test(at)) return null;
    const createdAt = new Date(at);
    // Round-trips exactly, so an impossible date ("2026-02-31…") is refused rather than rolled over.
    return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at ? null : { createdAt, id };
  } catch {
    return null;
  }
}
