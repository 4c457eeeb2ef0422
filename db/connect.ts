import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "./schema.js";

export type Engine = "postgres" | "pglite";

export type DatabaseHandle = {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
};

export type ConnectOptions = {
  /** postgres://… — a real PostgreSQL through `pg`. Without it, embedded PGlite. */
  databaseUrl?: string | undefined;
  poolSize?: number;
  /** PGlite data directory; "memory://" keeps everything in memory (tests). */
  dataDir?: string;
  /** PostgreSQL only: a schema to put first on the search path (one per test run). */
  schema?: string;
};

export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? 10, options.schema);
  return connectPglite(options.dataDir ?? "./.data");
}

async function connectPostgres(url: string, poolSize: number, schema?: string): Promise<DatabaseHandle> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "postgres", close: () => db.destroy() };
}

async function connectPglite(dataDir: string): Promise<DatabaseHandle> {
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
  ]);
  if (!dataDir.startsWith("memory://")) {
    // Owner-only: the directory (0700, also when it existed before) and every file the process creates
    // from now on (umask 077). Nobody else on the machine reads the database's files.
    const { chmod, mkdir } = await import("node:fs/promises");
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700);
    process.umask(0o077);
  }
  const client = await PGlite.create(dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, engine: "pglite", close: () => db.destroy() };
}
