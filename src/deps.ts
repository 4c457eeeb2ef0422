import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Config, SigningSecret } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { KeyCache } from "./services/key-cache.js";
import { SharedRateCounter } from "./services/rate-counter.js";
import { httpRelayTransport } from "./services/mail/http-relay.js";
import type { MailTransport } from "./services/mail/transport.js";

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** Everything the app needs, built by an entry point with `makeDeps` (Node, Workers, tests) and passed in. */
export type AppDeps = {
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Claim-link signing secrets: the first signs, every one verifies. */
  signingSecrets: SigningSecret[];
  /**
   * Seal stored Idempotency-Key replays; never held by the database. The first seals, every one opens.
   * Empty: no replayable response is kept (a replay is refused rather than served).
   */
  sealingKeys: SigningSecret[];
  keyCache: KeyCache;
  /**
   * The PostgreSQL channel on which committed changes announce the keys they make stale, so every
   * listening instance drops them at once (services/key-cache-sync.ts); null: this instance's cache only
   * (PGlite, where no other instance shares the database).
   */
  keyCacheChannel: string | null;
  /** /v1 request counts, shared with every instance through the database (one per process or isolate). */
  rateCounter: SharedRateCounter;
  /** Background work that must not delay the response (Workers: ctx.waitUntil). */
  defer(task: Promise<unknown>): void;
  /** How mail leaves (config.mail); null: no mail is sent. */
  mailer: MailTransport | null;
};

export function makeDeps(parts: {
  db: Kysely<Database>;
  config: Config;
  signingSecrets: SigningSecret[];
  sealingKeys: SigningSecret[];
  clock?: Clock;
  logger?: Logger;
  /** Kept across requests where the deps are built per request (Workers: one per isolate). */
  keyCache?: KeyCache;
  rateCounter?: SharedRateCounter;
  keyCacheChannel?: string | null;
  defer?: (task: Promise<unknown>) => void;
  /** The SMTP transport, built by the Node entry (nodemailer cannot load on Workers). */
  mailer?: MailTransport | null;
}): AppDeps {
  return {
    db: parts.db,
    config: parts.config,
    signingSecrets: parts.signingSecrets,
    sealingKeys: parts.sealingKeys,
    clock: parts.clock ?? systemClock,
    logger: parts.logger ?? createLogger(parts.config.logLevel),
    keyCache: parts.keyCache ?? new KeyCache(parts.config.keyCacheTtlMs, parts.config.keyCacheMaxEntries),
    keyCacheChannel: parts.keyCacheChannel ?? null,
    rateCounter: parts.rateCounter ?? new SharedRateCounter(parts.config.apiRateLimits.syncMs),
    // Node keeps the process alive for a pending promise; failures are logged by the task itself.
    defer: parts.defer ?? ((task) => void task.catch(() => {})),
    mailer: parts.mailer ?? relayFor(parts.config),
  };
}

/** The HTTP relay needs nothing but fetch, so any runtime builds it from the configuration. */
function relayFor(config: Config): MailTransport | null {
  const transport = config.mail?.transport;
  return transport?.kind === "http" ? httpRelayTransport(transport.url, transport.secret) : null;
}
