import { createApp, type App } from "../app.js";
import { ConfigError, loadConfig, type Config, type SigningSecret } from "../config.js";
import { makeDeps, type AppDeps } from "../deps.js";
import { KEY_CACHE_CHANNEL } from "../services/key-cache-sync.js";
import { problemBody } from "../http/errors.js";
import { describeError } from "../jobs/run-job.js";
import { createDeliveryRunner } from "../jobs/delivery-job.js";
import { createSweepRunner } from "../jobs/sweep-job.js";
import { createLogger, type Logger } from "../logger.js";
import { KeyCache } from "../services/key-cache.js";
import { SharedRateCounter } from "../services/rate-counter.js";
import { resolveSigningSecrets } from "../services/signing-secrets.js";
import type { DocsAssets } from "../web/docs.js";
import { connectWorkerDatabase, migrateWorkerDatabase, schemaIsCurrent, type WorkerDatabase } from "./worker-db.js";

/**
 * Cloudflare Workers entry: the same createApp and services as Node, with what Workers require.
 *
 * - Workers forbid sharing an I/O object (a socket) between requests, so each request and each
 *   scheduled run opens its own PostgreSQL connection (a `pg` pool of one, through Hyperdrive when
 *   bound) and closes it through ctx.waitUntil once the response and its background work are done.
 * - Only plain data lives per isolate: the parsed configuration, the claim-link signing secrets, the
 *   key cache (plain memory), and the app itself, which is built once and given each request's
 *   dependencies (building it per request would cost several ms of CPU time every time).
 * - No embedded database: without DATABASE_URL or a HYPERDRIVE binding every request answers a 503
 *   problem saying so.
 * - Migrations: the first request (or cron run) of an isolate checks with one query that every
 *   migration is applied and, if not, applies them (Kysely's migration lock serialises isolates).
 *   AUTO_MIGRATE=false leaves that to `npm run handoff-admin -- migrate` and answers 503 until then.
 * - The cron trigger runs the sweeper in small batches within SWEEP_TIME_BUDGET_MS; whatever is left
 *   is found again by the next run (the sweeper keeps no cursor; it selects what is still due).
 */

/** What this entry uses of the Workers runtime, declared here so no global Workers types are needed. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  /** Workers' per-invocation props (unused here; declared so Hono accepts this context). */
  props: unknown;
}

export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}

/** A Hyperdrive binding (wrangler.toml `[[hyperdrive]] binding = "HYPERDRIVE"`). */
export interface HyperdriveBinding {
  readonly connectionString: string;
}

/** vars and secrets are strings; HYPERDRIVE, when bound, is the Hyperdrive binding. */
export type WorkerEnv = { HYPERDRIVE?: HyperdriveBinding } & Record<string, unknown>;

/**
 * Defaults that differ from Node's. Workers' WebCrypto refuses PBKDF2 above 100,000 iterations, and
 * a cron invocation should finish well inside the Workers limits, so the sweeper takes small batches
 * and stops starting new ones after 20 s (the next run, a minute later, carries on).
 */
const WORKER_DEFAULTS: Record<string, string> = {
  PASSWORD_ITERATIONS: "100000",
  SWEEP_BATCH_SIZE: "100",
  SWEEP_TIME_BUDGET_MS: "20000",
};
const MAX_PBKDF2_ITERATIONS = 100_000;

const NO_DATABASE =
  "No database is configured. Handoff on Workers has no embedded database: set the DATABASE_URL secret " +
  "(`npx wrangler secret put DATABASE_URL`, a postgres:// URL) or bind Hyperdrive as HYPERDRIVE in wrangler.toml.";

type Isolate = {
  config: Config;
  logger: Logger;
  keyCache: KeyCache;
  rateCounter: SharedRateCounter;
  autoMigrate: boolean;
  app: App;
  /** Set once a request has seen every migration applied. */
  schemaReady: boolean;
  /** Resolved by the first request that reached the database: plain data, kept for the isolate's life. */
  signingSecrets: SigningSecret[] | null;
};

const DEPS = "HANDOFF_REQUEST_DEPS";
type RequestEnv = WorkerEnv & { [DEPS]: AppDeps };

let isolate: Isolate | null = null;

/** Workers' static assets (wrangler.toml `[assets]`, binding ASSETS): the API reference viewer's files. */
interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** /docs on Workers: the viewer's files from the static assets uploaded beside the Worker (wrangler.toml). */
const workerDocsAssets: DocsAssets = async (file, c) => {
  const assets = (c.env as { ASSETS?: AssetsBinding }).ASSETS;
  if (!assets) return null;
  const res = await assets.fetch(new Request(new URL(`/${file}`, c.req.url)));
  return res.ok ? res.body : null;
};

/** The isolate's state, built at its first request. Throws ConfigError (not cached: it is cheap to redo). */
function isolateFor(env: WorkerEnv): Isolate {
  if (isolate) return isolate;
  const vars: Record<string, string> = { ...WORKER_DEFAULTS };
  for (const [name, value] of Object.entries(env)) if (typeof value === "string" && value !== "") vars[name] = value;

  const problems: string[] = [];
  if (!vars.PUBLIC_URL) problems.push("  PUBLIC_URL: required on Workers (the base of claim and setup links, e.g. https://handoff.example.com)");
  if (Number(vars.PASSWORD_ITERATIONS) > MAX_PBKDF2_ITERATIONS) {
    problems.push(`  PASSWORD_ITERATIONS: at most ${MAX_PBKDF2_ITERATIONS} on Workers (the runtime's PBKDF2 limit)`);
  }
  if (vars.SMTP_URL) {
    problems.push("  SMTP_URL: SMTP cannot be used from Workers; set MAIL_HTTP_URL and MAIL_HTTP_SECRET (an HTTP mail relay) instead");
  }
  const autoMigrate = vars.AUTO_MIGRATE ?? "true";
  if (autoMigrate !== "true" && autoMigrate !== "false") problems.push('  AUTO_MIGRATE: must be "true" or "false"');
  let config: Config | null = null;
  try {
    config = loadConfig(vars);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.unshift(...err.message.split("\n").slice(1));
  }
  if (problems.length > 0 || !config) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);

  const logger = createLogger(config.logLevel);
  if (!config.sealingKeys?.length) {
    logger.warn("production setting missing", {
      detail:
        "HANDOFF_SEALING_KEY is not set: Idempotency-Key replays are refused (nothing replayable is kept)" +
        (config.mail ? " and no mail is sent (queued mail holds links, kept sealed)" : "") +
        ". Set it with `npx wrangler secret put HANDOFF_SEALING_KEY`.",
    });
  }
  // No shared reads here: a lookup's promise belongs to the request whose connection made it.
  const keyCache = new KeyCache(config.keyCacheTtlMs, config.keyCacheMaxEntries, false);
  const rateCounter = new SharedRateCounter(config.apiRateLimits.syncMs);
  // The app is built once, from the configuration; every request brings its own deps (below), so the
  // database is never reachable outside a request.
  const app = createApp({ config }, { depsFor: (c) => (c.env as RequestEnv)[DEPS], docsAssets: workerDocsAssets });
  isolate = { config, logger, keyCache, rateCounter, autoMigrate: autoMigrate === "true", app, schemaReady: false, signingSecrets: null };
  return isolate;
}

function databaseUrl(env: WorkerEnv, config: Config): string | undefined {
  return env.HYPERDRIVE?.connectionString || config.databaseUrl;
}

/** A 503 problem+json, for the cases where the app cannot be reached at all. */
function unavailable(detail: string): Response {
  const requestId = `req_${crypto.randomUUID().replace(/-/g, "")}`;
  return new Response(JSON.stringify(problemBody("service_unavailable", requestId, detail)), {
    status: 503,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": "no-store",
      "retry-after": "30",
      "x-request-id": requestId,
    },
  });
}

function logConfigError(err: ConfigError) {
  console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "invalid configuration", detail: err.message }));
}

/** Once per isolate: the schema is current (migrated here unless AUTO_MIGRATE=false). Null, or what is wrong. */
async function ensureSchema(state: Isolate, db: WorkerDatabase["db"]): Promise<string | null> {
  if (state.schemaReady) return null;
  if (!(await schemaIsCurrent(db))) {
    if (!state.autoMigrate) {
      return (
        "The database schema is older than this version of Handoff and AUTO_MIGRATE is false: run " +
        "`npm run handoff-admin -- migrate --database-url postgres://…` against it."
      );
    }
    try {
      const applied = await migrateWorkerDatabase(db);
      state.logger.info("database migrated", { migrationsApplied: applied });
    } catch (err) {
      // Often a role without DDL rights. The reason goes to the logs, not to the caller.
      state.logger.error("migration failed", { error: describeError(err) });
      return (
        "The database schema could not be brought up to date (the reason is in the Worker's logs): run " +
        "`npm run handoff-admin -- migrate --database-url postgres://…` against it."
      );
    }
  }
  state.schemaReady = true;
  return null;
}

/** Per request or run: deferred work goes to ctx.waitUntil, and the connection closes after all of it. */
function openForInvocation(url: string, ctx: ExecutionContext, logger: Logger) {
  const database = connectWorkerDatabase(url);
  const pending = new Set<Promise<unknown>>();
  const defer = (task: Promise<unknown>) => {
    const tracked: Promise<unknown> = task
      .catch((err: unknown) => logger.warn("background task failed", { error: describeError(err) }))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    ctx.waitUntil(tracked);
  };
  const closeWhenIdle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
    await database.close().catch(() => {});
  };
  return { db: database.db, defer, closeWhenIdle };
}

/** The same deps as Node's (makeDeps), with this invocation's connection and the isolate's key cache and rate counts. */
function depsFor(state: Isolate, db: WorkerDatabase["db"], signingSecrets: SigningSecret[], defer: AppDeps["defer"]): AppDeps {
  // No filesystem on Workers to keep a key in: without HANDOFF_SEALING_KEY no replay is kept.
  const sealingKeys = state.config.sealingKeys ?? [];
  // A Worker cannot hold a LISTEN connection, so its own cache keeps the TTL bound; its changes still
  // announce themselves, so Node instances on the same database drop those keys at once.
  return makeDeps({
    db,
    config: state.config,
    signingSecrets,
    sealingKeys,
    logger: state.logger,
    keyCache: state.keyCache,
    rateCounter: state.rateCounter,
    defer,
    keyCacheChannel: KEY_CACHE_CHANNEL,
  });
}

async function handleFetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  let state: Isolate;
  try {
    state = isolateFor(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logConfigError(err);
    const detail = err.message.split("\n").slice(1).map((l) => l.trim()).join("; ");
    return unavailable(`The Worker's configuration is invalid: ${detail}. Fix its vars or secrets and deploy again.`);
  }
  const url = databaseUrl(env, state.config);
  if (!url) {
    state.logger.error("no database configured", {});
    return unavailable(NO_DATABASE);
  }

  const invocation = openForInvocation(url, ctx, state.logger);
  try {
    let signingSecrets: SigningSecret[];
    try {
      const problem = await ensureSchema(state, invocation.db);
      if (problem) return unavailable(problem);
      signingSecrets =
        state.signingSecrets ?? (state.signingSecrets = await resolveSigningSecrets(invocation.db, state.config.claimSigningSecrets, new Date()));
    } catch (err) {
      state.logger.error("database unavailable", { error: describeError(err) });
      return unavailable("The database does not answer. Try again shortly.");
    }
    const deps = depsFor(state, invocation.db, signingSecrets, invocation.defer);
    const requestEnv: RequestEnv = { ...env, [DEPS]: deps };
    return await state.app.fetch(request, requestEnv, ctx);
  } finally {
    ctx.waitUntil(invocation.closeWhenIdle());
  }
}

async function handleScheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
  let state: Isolate;
  try {
    state = isolateFor(env);
  } catch (err) {
    if (err instanceof ConfigError) logConfigError(err);
    throw err;
  }
  const url = databaseUrl(env, state.config);
  if (!url) {
    state.logger.error("sweep skipped: no database configured", {});
    throw new Error(NO_DATABASE);
  }
  const invocation = openForInvocation(url, ctx, state.logger);
  try {
    const problem = await ensureSchema(state, invocation.db);
    if (problem) {
      state.logger.error("sweep skipped", { reason: problem });
      throw new Error(problem);
    }
    // The sweeper signs no claim link, so it needs no signing secret.
    const deps = depsFor(state, invocation.db, [], invocation.defer);
    // One log line and one sweep_runs row (for /readyz) per run, success or failure. The outboxes'
    // delivery runs on the same trigger: Workers' cron triggers live in wrangler.toml, not in vars.
    const outcome = await createSweepRunner(deps).run("scheduled");
    const delivered = await createDeliveryRunner(deps).run("scheduled");
    if ("ok" in outcome && !outcome.ok) throw new Error(`sweep failed: ${outcome.error}`);
    if ("ok" in delivered && !delivered.ok) throw new Error(`delivery failed: ${delivered.error}`);
  } finally {
    await invocation.closeWhenIdle();
  }
}

export default { fetch: handleFetch, scheduled: handleScheduled };
