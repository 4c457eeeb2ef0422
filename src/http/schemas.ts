import { z } from "@hono/zod-openapi";

/**
 * The building blocks every route schema uses, so each field of the contract is bounded (length,
 * range, pattern or format) and hostile input is refused by validation, as a 400 naming the field,
 * before it can reach the database.
 *
 * Text: no control character and no unpaired surrogate. PostgreSQL refuses U+0000 in `text` and
 * `jsonb` (a NUL would otherwise surface as a 500), and an unpaired surrogate cannot be encoded as
 * UTF-8. Written with the `u` flag so that `\p{Cs}` matches exactly an unpaired surrogate; the
 * pattern lands in the OpenAPI document as is (JSON Schema patterns are ECMA-262, Unicode-aware).
 */
export const SINGLE_LINE_TEXT = /^[^\u0000-\u001f\u007f\p{Cs}]*$/u;
export const TEXT_MESSAGE = "must not contain control characters or unpaired surrogates";

const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** Whether a string is safe to store: see SINGLE_LINE_TEXT (only NUL and unpaired surrogates, for free-form JSON). */
export function isStorableString(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/**
 * Checks SINGLE_LINE_TEXT and documents it as the schema's `pattern`. (A refinement, not `.regex()`:
 * the document generator would write the regex's `/u` flag into the pattern.)
 */
export function singleLine(schema: z.ZodString, message = TEXT_MESSAGE) {
  return schema.refine((s) => SINGLE_LINE_TEXT.test(s), message).openapi({ pattern: SINGLE_LINE_TEXT.source });
}

/** Single-line text a caller sends (names): trimmed, 1..max characters. */
export function textInput(max: number) {
  return singleLine(z.string().trim().min(1).max(max, { abort: true }));
}

/** Single-line text the server answers with (names it stored), documented with the same bounds. */
export function text(max: number) {
  return singleLine(z.string().max(max));
}

/** A prefixed id (`prv_…`): what newId() makes, bounded and patterned. */
export function idOf(prefix: string) {
  return z
    .string()
    .max(64, { abort: true })
    .regex(new RegExp(`^${prefix}_[0-9A-Za-z]{1,60}$`), `must be a ${prefix}_… id`)
    .openapi({ example: `${prefix}_V1StGXR8Z5jdHi6BmyT2a` });
}

/** Any of Handoff's prefixed ids (an actor may be a key or a user). */
export const anyId = z
  .string()
  .max(64)
  .regex(/^[a-z]{3}_[0-9A-Za-z]{1,60}$/, "must be a prefixed id")
  .openapi({ example: "usr_V1StGXR8Z5jdHi6BmyT2a" });

/** An instant as the API writes it (`Date.toISOString()`). */
export function timestamp(description?: string) {
  return z
    .string()
    .max(32)
    .openapi({ format: "date-time", example: "2026-11-30T12:00:00.000Z", ...(description ? { description } : {}) });
}

/** A bounded integer, documented with its range and format. */
export function int32(min: number, max: number) {
  return z.number().int().min(min).max(max).openapi({ format: "int32" });
}

/** A bounded integer that may exceed 32 bits (durations in ms, counts). */
export function int64(min: number, max: number) {
  return z.number().int().min(min).max(max).openapi({ format: "int64" });
}

/** An email address as stored (lower-cased on input). */
export const emailOut = z.string().max(320).openapi({ format: "email", example: "ada@example.com" });

/** A URL the server built from PUBLIC_URL. */
export const urlOut = z.string().max(2048).openapi({ format: "uri" });

/** Opaque credentials and tokens the server hands out (API keys, claim tokens): URL-safe characters. */
export function opaque(max: number, description?: string) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_.-]+$/, "must be the value exactly as it was given")
    .openapi(description ? { description } : {});
}

/**
 * An instant a caller sends (`since`, `until`): ISO 8601 with a time zone, years 0001–9999 (what both
 * engines store), turned into a Date.
 */
export function instantInput(description: string) {
  return z
    .string()
    .max(40, { abort: true })
    .regex(/^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, "must be an ISO 8601 instant, e.g. 2026-11-30T12:00:00Z")
    .refine((s) => !Number.isNaN(new Date(s).getTime()), "must be a real date and time")
    .transform((s) => new Date(s))
    .openapi({ type: "string", format: "date-time", maxLength: 40, description, example: "2026-11-30T12:00:00Z" });
}
