import { sql, type RawBuilder, type SelectQueryBuilder } from "kysely";
import type { Database } from "../../db/schema.js";
import { decodeCursor, encodeCursor, type Cursor } from "../domain/cursor.js";
import { DomainError } from "../domain/errors.js";

export type PageParams = { limit: number; cursor?: string | undefined };
export type Page<T> = { data: T[]; nextCursor: string | null };

type Row = { id: string; created_at: Date };

/**
 * The keyset condition "after this cursor": `(created_at, id) < (cursor)` newest first, `>` oldest first,
 * written as one row comparison. PostgreSQL turns a row comparison into an index bound, so a page deep
 * in a list starts where the cursor points; the equivalent `created_at < x or (created_at = x and id < y)`
 * is only a filter, and a page a million rows down read (and threw away) every row above it first
 * (issue 17: 964 ms for a page halfway down 1M provisions, 0.1 ms as a row comparison).
 */
export function keysetBeyond(columns: readonly [createdAt: string, id: string], op: "<" | ">", c: Cursor): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(columns[0])}, ${sql.ref(columns[1])}) ${sql.raw(op)} (${c.createdAt}, ${c.id})`;
}

/** Keyset pagination over (created_at, id), newest first; `table` is the alias that owns both columns. */
export async function paginate<TB extends keyof Database, O extends Row>(
  query: SelectQueryBuilder<Database, TB, O>,
  params: PageParams,
): Promise<Page<O>> {
  let q = query;
  if (params.cursor !== undefined) {
    const c = decodeCursor(params.cursor);
    if (!c) throw new DomainError("invalid_cursor", "Pass back the nextCursor of a previous page unchanged.");
    q = q.where(keysetBeyond(["created_at", "id"], "<", c));
  }
  const rows = (await q
    .orderBy("created_at" as any, "desc")
    .orderBy("id" as any, "desc")
    .limit(params.limit + 1)
    .execute()) as O[];
  const data = rows.slice(0, params.limit);
  const last = data[data.length - 1];
  return {
    data,
    nextCursor: rows.length > params.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
