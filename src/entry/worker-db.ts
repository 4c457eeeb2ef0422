import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { migrateToLatest } from "../../db/migrate.js";
import { migrations } from "../../db/migrations/index.js";
import type { Database } from "../../db/schema.js";

/**
 * The Workers side of db/connect.ts: PostgreSQL through `pg` only (its sockets come from
 * `cloudflare:sockets` via pg-cloudflare), never PGlite or the filesystem, so neither reaches the
 * bundle. Workers forbid sharing an I/O object between requests, so every request (and every
 * scheduled run) opens its own one-connection pool and destroys it when its work is done.
 */
export type WorkerDatabase = { db: Kysely<Database>; close(): Promise<void> };

export function connectWorkerDatabase(connectionString: string): WorkerDatabase {
  const pool = new pg.Pool({ connectionString, max: 1 });
  // A connection lost while idle must not surface as an unhandled error; the next query reports it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

const MIGRATION_NAMES = Object.keys(migrations);

/**
 * True when every migration this build knows is applied: one indexed query, run once per isolate.
 * A database migrated further (a newer version deployed alongside) is fine too.
 */
export async function schemaIsCurrent(db: Kysely<Database>): Promise<boolean> {
  try {
    const { rows } = await sql<{ applied: number }>`
      select count(*)::int as applied from kysely_migration where name in (${sql.join(MIGRATION_NAMES)})
    `.execute(db);
    return Number(rows[0]?.applied ?? 0) === MIGRATION_NAMES.length;
  } catch (err) {
    // 42P01: undefined_table, a database nobody has migrated yet.
    if ((err as { code?: unknown }).code === "42P01") return false;
    throw err;
  }
}

/** Brings the schema up to date (Kysely's migration lock makes concurrent isolates take turns). */
export async function migrateWorkerDatabase(db: Kysely<Database>): Promise<string[]> {
  return migrateToLatest(db);
}
