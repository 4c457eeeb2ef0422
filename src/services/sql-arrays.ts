import { sql, type RawBuilder } from "kysely";

/**
 * Set-wise statements over many ids pass them as one array parameter (`= any($1::text[])`), not one
 * parameter per id: the SQL text stays the same size at any batch size, plans stay simple (an index
 * scan per element instead of a thousand-arm OR), and the parameter limit never comes into play.
 */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  return sql<string[]>`${arrayLiteral(values)}::text[]`;
}

/** The right side of `column = any(array)`: ids, or an array already built with textArray. */
export function anyOf(values: readonly string[] | RawBuilder<string[]>): RawBuilder<string> {
  return sql<string>`any(${isArray(values) ? textArray(values) : values})`;
}

function isArray(values: readonly string[] | RawBuilder<string[]>): values is readonly string[] {
  return Array.isArray(values);
}

// Our ids (prefix_nanoid) need no quoting, so their array literal is a plain join; anything else is
// left to the driver (pg and PGlite both serialise a JS array, quoting each element).
const BARE = /^[A-Za-z0-9_-]+$/;

function arrayLiteral(values: readonly string[]): string | readonly string[] {
  return values.every((v) => BARE.test(v)) ? `{${values.join(",")}}` : values;
}
