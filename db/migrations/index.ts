import type { Migration } from "kysely";
import * as initial from "./2026-11-22T1500_initial.js";

// Listed explicitly rather than read from disk, so the same migrations run on Workers (no filesystem).
// Names sort by their timestamp; add new files at the end.
export const migrations: Record<string, Migration> = {
  "2026-11-22T1500_initial": initial,
};
