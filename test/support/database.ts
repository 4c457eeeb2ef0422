import { sql } from "kysely";
import pg from "pg";
import { connectDatabase, type DatabaseHandle } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";

export type TestEngine = "pglite" | "postgres";

export const testEngine: TestEngine = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a schema of its own in the
 * test PostgreSQL database (dropped on close), so parallel files and runs never collide.
 */
export async function freshDatabase(opts: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  if (testEngine === "pglite") {
    const handle = await connectDatabase({ dataDir: "memory://" });
    await migrateToLatest(handle.db);
    return handle;
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = await connectDatabase({ databaseUrl: testDatabaseUrl, schema, poolSize: opts.poolSize ?? 10 });
  // Parallel test files migrate and drop their schemas at the same time; Kysely's migrator looks
  // across schemas and can trip over one being dropped. Such a clash is retried, never ignored.
  await withRetries(() => migrateToLatest(handle.db, schema));
  return {
    ...handle,
    close: async () => {
      await withRetries(() => sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db));
      await handle.close();
    },
  };
}

async function withRetries<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: string }).code;
      // 40P01 deadlock, 40001 serialization; a concurrent drop of another file's schema shows as 3F000
      // (schema gone), 42P01 (table gone) or 42703 (column gone: the migrator's introspection looks
      // columns up by name, with pg_get_serial_sequence, after its snapshot listed them).
      if (i >= attempts || !["40P01", "3F000", "42P01", "42703", "40001"].includes(code ?? "")) throw err;
      await new Promise((r) => setTimeout(r, 100 * i));
    }
  }
}
