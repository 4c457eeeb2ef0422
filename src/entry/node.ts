import { serve } from "@hono/node-server";
import { createApp } from "../app.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { makeDeps } from "../deps.js";
import { cronProblem, scheduleJob } from "../jobs/cron.js";
import { createDeliveryRunner } from "../jobs/delivery-job.js";
import { createSweepRunner } from "../jobs/sweep-job.js";
import { createLogger } from "../logger.js";
import { bootstrapIfEmpty } from "../services/bootstrap.js";
import { KEY_CACHE_CHANNEL } from "../services/key-cache-sync.js";
import { resolveSigningSecrets } from "../services/signing-secrets.js";
import { announceBootstrap } from "./announce-bootstrap.js";
import { nodeDocsAssets } from "./docs-assets-node.js";
import { printWarnings, productionWarnings, sealingKeysFor } from "./node-secrets.js";
import { startKeyCacheListener } from "./key-cache-listener.js";
import { nodeMailer } from "./node-mailer.js";
import { openDatabase } from "./open-database.js";

function readConfig(): Config {
  try {
    return loadConfig(process.env, { cronProblem });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main() {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const sealing = sealingKeysFor(config);
  const warnings = productionWarnings(config, { sealingKeyFile: sealing.file });
  printWarnings(warnings);
  for (const warning of warnings) logger.warn("production setting missing", { detail: warning });
  const database = await openDatabase(config, logger);
  const now = new Date();
  const signingSecrets = await resolveSigningSecrets(database.db, config.claimSigningSecrets, now);
  const boot = await bootstrapIfEmpty(database.db, {
    organizationName: config.organizationName,
    publicUrl: config.publicUrl,
    now,
    setupLinkTtlHours: config.ownerSetupLinkTtlHours,
  });
  if (boot) await announceBootstrap(boot, config.adminKeyFile);

  const mailer = nodeMailer(config);
  // On PostgreSQL, instances tell each other which cached keys a change made stale (LISTEN/NOTIFY);
  // PGlite serves one process, whose cache every change updates directly.
  const keyCacheChannel = database.engine === "postgres" ? KEY_CACHE_CHANNEL : null;
  const deps = makeDeps({ db: database.db, config, signingSecrets, sealingKeys: sealing.keys, logger, mailer: mailer ?? null, keyCacheChannel });
  const keyCacheListener =
    keyCacheChannel && config.databaseUrl
      ? startKeyCacheListener({ url: config.databaseUrl, channel: keyCacheChannel, cache: deps.keyCache, logger })
      : null;
  keyCacheListener?.ready.then(
    () => logger.info("key-cache channel listening", { channel: keyCacheChannel }),
    () => {}, // logged by the listener, which keeps retrying
  );
  const app = createApp(deps, { docsAssets: nodeDocsAssets });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    logger.info("listening", { port: info.port, publicUrl: config.publicUrl, docs: `${config.publicUrl}/docs` });
  });

  // The sweeper runs in every instance; SKIP LOCKED lets them share the work.
  const sweeper = createSweepRunner(deps);
  const sweepTask = config.sweepCron ? scheduleJob(config.sweepCron, sweeper, "sweep", logger) : null;
  logger.info(sweepTask ? "sweeper scheduled" : "sweeper off in this process", { cron: config.sweepCron ?? "off" });
  // The outboxes' retries, beside it: claims are guarded, so every instance may run them too.
  const delivery = createDeliveryRunner(deps);
  const deliveryTask = config.deliveryCron ? scheduleJob(config.deliveryCron, delivery, "delivery", logger) : null;
  logger.info(deliveryTask ? "delivery scheduled" : "delivery off in this process", {
    cron: config.deliveryCron ?? "off",
    mail: config.mail ? config.mail.transport.kind : "off",
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    void sweepTask?.stop();
    void deliveryTask?.stop();
    // A sweep in flight finishes its current batch (one transaction) and starts no other; so does delivery.
    const sweeperStopped = sweeper.stop();
    const deliveryStopped = delivery.stop();
    server.close(async () => {
      await sweeperStopped;
      await deliveryStopped;
      mailer?.close();
      await keyCacheListener?.close();
      await database.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`Handoff failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
