/** Human-friendly output: aligned tables and key/value blocks, plain text without colours. */

export type Column<T> = { header: string; value: (row: T) => unknown; align?: "right" };

function text(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  if (Array.isArray(value)) return value.length ? value.join(",") : "-";
  return String(value);
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => text(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const render = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === "right" ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].join("\n") + "\n";
}

export function keyValues(pairs: readonly (readonly [string, unknown] | null | false)[]): string {
  const present = pairs.filter((p): p is readonly [string, unknown] => Boolean(p));
  const width = Math.max(...present.map(([k]) => k.length));
  return present.map(([k, v]) => `${(k + ":").padEnd(width + 1)}  ${text(v)}`).join("\n") + "\n";
}

/** `2026-11-29T12:00:00.000Z` → `2026-11-29 12:00 UTC`. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function seconds(total: number): string {
  if (total % 86400 === 0) return `${total / 86400}d`;
  if (total % 3600 === 0) return `${total / 3600}h`;
  if (total % 60 === 0) return `${total / 60}m`;
  return `${total}s`;
}
