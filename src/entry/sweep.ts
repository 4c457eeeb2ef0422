import { ConfigError, loadConfig } from "../config.js";
import { makeDeps } from "../deps.js";
import { createSweepRunner } from "../jobs/sweep-job.js";
import { createLogger } from "../logger.js";
import { openDatabase } from "./open-database.js";

/**
 * `npm run sweep`: one sweep of the configured database, for operators and for system cron jobs when
 * SWEEP_CRON=off. Same service, same batch size and time budget, same log line and /readyz record as
 * the scheduled sweep; exits 1 if the run failed.
 */
try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  // The sweeper never signs a claim link, so it needs no signing secret.
  const deps = makeDeps({ db: database.db, config, signingSecrets: [], sealingKeys: [], logger });
  const sweeper = createSweepRunner(deps);
  const stop = () => void sweeper.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const outcome = await sweeper.run("command");
  await database.close();
  process.exit("ok" in outcome && outcome.ok ? 0 : 1);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Sweep failed: ${String(err)}`}\n`);
  process.exit(1);
}
