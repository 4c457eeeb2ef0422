import type { SelectQueryBuilder } from "kysely";
import type { Database } from "../../db/schema.js";
import { decodeCursor, encodeCursor } from "../domain/cursor.js";
import { DomainError } from "../domain/errors.js";

export type PageParams = { limit: number; cursor?: string | undefined };
export type Page<T> = { data: T[]; nextCursor: string | null };

type Row = { id: string; created_at: Date };

/** Keyset pagination over (created_at, id), newest first; `table` is the alias that owns both columns. */
export async function paginate<TB extends keyof Database, O extends Row>(
  query: SelectQueryBuilder<Database, TB, O>,
  params: PageParams,
): Promise<Page<O>> {
  let q = query;
  if (params.cursor !== undefined) {
    const c = decodeCursor(params.cursor);
    if (!c) throw new DomainError("invalid_cursor", "Pass back the nextCursor of a previous page unchanged.");
    q = q.where((eb: any) =>
      eb.or([eb("created_at", "<", c.createdAt), eb.and([eb("created_at", "=", c.createdAt), eb("id", "<", c.id)])]),
    );
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
