import { ConfigError, loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { openDatabase } from "./open-database.js";

/** `npm run db:migrate`: apply pending migrations to the configured database, then exit. */
try {
  const config = loadConfig(process.env);
  const database = await openDatabase(config, createLogger(config.logLevel));
  await database.close();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Migration failed: ${String(err)}`}\n`);
  process.exit(1);
}
