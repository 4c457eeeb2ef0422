import { connectDatabase, type DatabaseHandle } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/** Connects (PostgreSQL or embedded PGlite) and brings the schema up to date. */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const handle = await connectDatabase({
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    dataDir: config.dataDir,
  });
  const applied = await migrateToLatest(handle.db);
  logger.info("database ready", {
    engine: handle.engine,
    ...(handle.engine === "pglite" ? { dataDir: config.dataDir } : {}),
    migrationsApplied: applied,
  });
  return handle;
}
