/**
 * How one audit event is written out: as the API's JSON shape, a JSON line, or a CSV row. Pure, so the
 * export's format is tested without a database. CSV cells are quoted as RFC 4180 says, and a cell a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is prefixed with
 * an apostrophe: an audit export opened in Excel must not execute what an attacker typed as a name.
 */

export type AuditEventJson = {
  id: string;
  action: string;
  actor: { type: string; id: string | null };
  target: { type: string; id: string };
  requestId: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
};

export type AuditEventRecord = {
  id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_type: string;
  target_id: string;
  request_id: string | null;
  metadata: unknown;
  created_at: Date;
};

export function toAuditEventJson(r: AuditEventRecord): AuditEventJson {
  const metadata = typeof r.metadata === "string" ? (JSON.parse(r.metadata) as unknown) : r.metadata;
  return {
    id: r.id,
    action: r.action,
    actor: { type: r.actor_type, id: r.actor_id },
    target: { type: r.target_type, id: r.target_id },
    requestId: r.request_id,
    metadata: metadata && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {},
    createdAt: r.created_at.toISOString(),
  };
}

export type ExportFormat = "jsonl" | "csv";

export const EXPORT_MEDIA: Record<ExportFormat, string> = {
  jsonl: "application/x-ndjson",
  csv: "text/csv",
};

export const CSV_COLUMNS = ["id", "createdAt", "action", "actorType", "actorId", "targetType", "targetId", "requestId", "metadata"] as const;

export function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(",") + "\r\n";
}

export function csvRow(e: AuditEventJson): string {
  const cells = [e.id, e.createdAt, e.action, e.actor.type, e.actor.id, e.target.type, e.target.id, e.requestId, JSON.stringify(e.metadata)];
  return cells.map(csvCell).join(",") + "\r\n";
}

export function jsonLine(e: AuditEventJson): string {
  return JSON.stringify(e) + "\n";
}
