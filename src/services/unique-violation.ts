/** PostgreSQL's unique_violation, as raised by both pg and PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}
