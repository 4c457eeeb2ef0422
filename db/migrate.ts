import { Migrator, type Kysely, type MigrationProvider } from "kysely";
import { migrations } from "./migrations/index.js";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to call on every start and from many instances at once. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  // With a schema of its own (tests), the bookkeeping tables must be looked for there too: Kysely
  // otherwise finds another schema's lock table and skips creating its own.
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
