import type { Selectable } from "kysely";
import type { AuditEventsTable } from "../../../db/schema.js";
import type { AuditAction } from "../../domain/audit-catalogue.js";
import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import { DomainError } from "../../domain/errors.js";
import type { Executor } from "../db-types.js";
import { keysetBeyond, paginate, type PageParams } from "../pagination.js";

export type AuditEventRow = Selectable<AuditEventsTable>;

/** What a reader narrows the trail to; every field optional but the organization. */
export type AuditFilter = {
  organizationId: string;
  action?: AuditAction | undefined;
  /** Any of these types (the Activity page's alerts). */
  actions?: readonly AuditAction[] | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  /** Inclusive lower bound of created_at. */
  since?: Date | undefined;
  /** Exclusive upper bound of created_at. */
  until?: Date | undefined;
};

function filtered(db: Executor, f: AuditFilter) {
  let q = db.selectFrom("audit_events").selectAll().where("organization_id", "=", f.organizationId);
  if (f.action) q = q.where("action", "=", f.action);
  if (f.actions) q = q.where("action", "in", [...f.actions]);
  if (f.actorId) q = q.where("actor_id", "=", f.actorId);
  if (f.targetId) q = q.where("target_id", "=", f.targetId);
  if (f.since) q = q.where("created_at", ">=", f.since);
  if (f.until) q = q.where("created_at", "<", f.until);
  return q;
}

/** Newest first, keyset-paginated: what the API list and the Activity page show. */
export function listAuditEvents(db: Executor, params: AuditFilter & PageParams) {
  return paginate(filtered(db, params), params);
}

/**
 * The whole filtered trail, oldest first, one keyset page at a time: the export reads a page, writes
 * it out, then reads the next, so one million events never sit in memory together and no query holds
 * a transaction open for the length of a download. `cursor` resumes after a given event.
 */
export async function* auditEventPages(db: Executor, f: AuditFilter, pageSize: number, cursor?: string): AsyncGenerator<AuditEventRow[]> {
  let after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) throw new DomainError("invalid_cursor", "Pass back a cursor of this trail unchanged.");
  for (;;) {
    let q = filtered(db, f);
    if (after) {
      q = q.where(keysetBeyond(["created_at", "id"], ">", after));
    }
    const rows = await q.orderBy("created_at", "asc").orderBy("id", "asc").limit(pageSize).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** The cursor of one event, for resuming an export after it. */
export const cursorAfter = (row: AuditEventRow) => encodeCursor({ createdAt: row.created_at, id: row.id });
