import { csvCell } from "./audit-export.js";

type Member = { userId: string; name: string | null; email: string | null; role: string; state: string; lastSeenAt: Date | null };
type Key = { id: string; name: string; projectId: string | null; ownerUserId: string | null; lastUsedAt: Date | null };

/** The idle report as one CSV: a `kind` column tells members from keys (same quoting and formula guard as the audit export). */
export function idleCsv(report: { members: Member[]; keys: Key[] }): string {
  const row = (cells: (string | null)[]) => cells.map(csvCell).join(",") + "\r\n";
  let out = row(["kind", "id", "name", "email", "role", "state", "projectId", "ownerUserId", "lastActiveAt"]);
  for (const m of report.members) out += row(["member", m.userId, m.name, m.email, m.role, m.state, null, null, m.lastSeenAt?.toISOString() ?? null]);
  for (const k of report.keys) out += row(["key", k.id, k.name, null, null, null, k.projectId, k.ownerUserId, k.lastUsedAt?.toISOString() ?? null]);
  return out;
}
