import { z } from "zod";

/**
 * Environment → typed configuration. Every variable is validated once at start; a bad value
 * stops the process with a message naming the variable, never a stack trace.
 */

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const signingSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,16}:.{32,}$/, "each entry must be <keyId>:<secret of at least 32 characters>");

const DEFAULT_SWEEP_CRON = "* * * * *";

/** `keyId:secret[,keyId:secret…]`: the first entry is used for new data, every entry reads (rotation). */
function secretList() {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value?.trim()) return undefined;
      const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
      const secrets: SigningSecret[] = [];
      for (const entry of entries) {
        const parsed = signingSecret.safeParse(entry);
        if (!parsed.success) {
          ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
          return z.NEVER;
        }
        const at = entry.indexOf(":");
        const id = entry.slice(0, at);
        if (secrets.some((s) => s.id === id)) {
          ctx.addIssue({ code: "custom", message: `key id "${id}" appears twice; each secret needs its own id` });
          return z.NEVER;
        }
        secrets.push({ id, secret: entry.slice(at + 1) });
      }
      return secrets;
    });
}

const schema = z.object({
  PORT: intFrom(1, 65535).default(8787),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: intFrom(1, 500).default(10),
  HANDOFF_DATA_DIR: z.string().min(1).default("./.data"),
  HANDOFF_ADMIN_KEY_FILE: z.string().min(1).optional(),
  HANDOFF_ORG_NAME: z.string().trim().min(1).max(200).default("My organization"),
  CLAIM_SIGNING_SECRETS: secretList(),
  HANDOFF_SEALING_KEY: secretList(),
  KEY_CACHE_TTL_MS: intFrom(0, 5000).default(5000),
  KEY_CACHE_MAX_ENTRIES: intFrom(0, 1_000_000).default(10_000),
  MAX_BODY_BYTES: intFrom(1024, 10 * 1024 * 1024).default(64 * 1024),
  FORM_MAX_BODY_BYTES: intFrom(1024, 1024 * 1024).default(8 * 1024),
  PASSWORD_ITERATIONS: intFrom(1000, 10_000_000).default(600_000),
  SESSION_TTL_HOURS: intFrom(1, 24 * 365).default(24 * 14),
  RECOVERY_LINK_TTL_HOURS: intFrom(1, 168).default(24),
  OWNER_SETUP_LINK_TTL_HOURS: intFrom(1, 24 * 30).default(72),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  TRUST_PROXY_HOPS: intFrom(1, 10).default(1),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // Every minute by default; six fields give seconds; `off` leaves sweeping to another instance or
  // to `npm run sweep` from the system's cron. Checked against node-cron by the Node entry (see
  // LoadConfigOptions), since the Workers build cannot load node-cron.
  SWEEP_CRON: z.string().trim().min(1).default(DEFAULT_SWEEP_CRON),
  PROVISION_RETENTION_DAYS: intFrom(1, 3650).default(30),
  // Unset: audit events are kept forever.
  AUDIT_RETENTION_DAYS: intFrom(1, 36500).optional(),
  SWEEP_BATCH_SIZE: intFrom(1, 10_000).default(1000),
  SWEEP_CONCURRENCY: intFrom(1, 16).default(2),
  SWEEP_TIME_BUDGET_MS: intFrom(100, 3_600_000).default(30_000),
  RATE_LIMIT_WINDOW_SECONDS: intFrom(1, 3600).default(60),
  RATE_LIMIT_PER_KEY: intFrom(0, 1_000_000_000).default(1200),
  RATE_LIMIT_PER_ORGANIZATION: intFrom(0, 1_000_000_000).default(12_000),
  RATE_LIMIT_PER_IP: intFrom(0, 1_000_000_000).default(300),
  RATE_LIMIT_SYNC_MS: intFrom(50, 10_000).default(500),
  SELF_SERVICE_ORGS: z.enum(["true", "false"]).default("true"),
  // Mail: SMTP through nodemailer (Node), or an HTTP relay (Workers, or Node); neither: no mail is sent.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465")
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .max(320)
    .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an address, or a name and an address: "Handoff <handoff@example.com>"')
    .optional(),
  MAIL_HTTP_URL: z.url({ protocol: /^https?$/ }).optional(),
  MAIL_HTTP_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  DELIVERY_CRON: z.string().trim().min(1).default(DEFAULT_SWEEP_CRON),
  // Tests and on-premises receivers: lets webhooks reach loopback and private addresses.
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(["true", "false"]).default("false"),
}).superRefine((v, ctx) => {
  const transport = v.SMTP_URL ?? v.MAIL_HTTP_URL;
  if (transport && !v.MAIL_FROM) ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "required when SMTP_URL or MAIL_HTTP_URL is set (the sender of every message)" });
  if (v.SMTP_URL && v.MAIL_HTTP_URL) ctx.addIssue({ code: "custom", path: ["MAIL_HTTP_URL"], message: "set SMTP_URL or MAIL_HTTP_URL, not both" });
  if (v.MAIL_HTTP_URL && !v.MAIL_HTTP_SECRET) ctx.addIssue({ code: "custom", path: ["MAIL_HTTP_SECRET"], message: "required with MAIL_HTTP_URL (sent as the relay's bearer secret)" });
});

export type SigningSecret = { id: string; secret: string };

export type Config = {
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  adminKeyFile: string | undefined;
  /** The name of the organization created on first start. */
  organizationName: string;
  /** The first signs new claim links; all of them verify (rotation). Undefined: generated and kept in the database. */
  claimSigningSecrets: SigningSecret[] | undefined;
  /**
   * Keys that seal stored Idempotency-Key replays (they hold live API keys): key material the database
   * never holds. The first seals, all open. Undefined: Node keeps one in a file in the data directory;
   * Workers keep no replayable response.
   */
  sealingKeys: SigningSecret[] | undefined;
  keyCacheTtlMs: number;
  keyCacheMaxEntries: number;
  maxBodyBytes: number;
  /** The limit for the pages' form posts (login, sign-up, claim…): small, they carry a few fields. */
  formMaxBodyBytes: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** A node-cron expression, or null when SWEEP_CRON=off (no sweeping in this process). */
  sweepCron: string | null;
  /** Cancelled and expired provision records are deleted this many days after their final state. */
  provisionRetentionDays: number;
  /** Audit events older than this many days are purged by the sweeper; null: kept forever. */
  auditRetentionDays: number | null;
  /** Rows per sweeper transaction: bounds lock time and memory. */
  sweepBatchSize: number;
  /** Sweeper transactions in flight at once in this process (each holds one pooled connection). */
  sweepConcurrency: number;
  /** A sweep starts no new batch after this long; the next run carries on. */
  sweepTimeBudgetMs: number;
  /** PBKDF2-SHA-256 iterations for new password hashes. */
  passwordIterations: number;
  sessionTtlHours: number;
  /** How long an account recovery link works. */
  recoveryLinkTtlHours: number;
  /** How long an owner setup link works (`handoff-admin owner-setup-link` issues a new one). */
  ownerSetupLinkTtlHours: number;
  /** Take the client IP (for rate limits) from X-Forwarded-For; only behind a proxy that sets it. */
  trustProxy: boolean;
  /** A logged-in person may create an organization (becoming its owner). */
  selfServiceOrganizations: boolean;
  /** Webhooks may target loopback, private and link-local addresses (tests, on-premises receivers). */
  webhookAllowPrivateTargets: boolean;
  /** How many trusted proxies append to X-Forwarded-For: the client is that many entries from the right. */
  trustProxyHops: number;
  /** Requests per fixed window on /v1, fleet-wide (see src/http/api-rate-limit.ts); 0: no such limit. */
  apiRateLimits: ApiRateLimits;
  /** How mail leaves; null: no mail is sent, and links are handed to the admin instead. */
  mail: MailConfig | null;
  /** The delivery job's node-cron expression (mail and webhook outboxes), or null when DELIVERY_CRON=off. */
  deliveryCron: string | null;
};

export type MailConfig = {
  from: string;
  transport: { kind: "smtp"; url: string } | { kind: "http"; url: string; secret: string };
};

export type ApiRateLimits = {
  windowSeconds: number;
  perKey: number;
  perOrganization: number;
  /** /v1 requests that carry no API key (claim preview, claim), per client address. */
  perIp: number;
  /** How often (at most) an instance adds its local counts to the shared window row. */
  syncMs: number;
};

export type LoadConfigOptions = {
  /**
   * Checks SWEEP_CRON and returns what is wrong with it, or null. The Node entry passes node-cron's
   * validator so a bad value stops the start naming the variable, beside any other bad variable.
   */
  cronProblem?: (expression: string) => string | null;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  // An empty variable means "not set", as it does in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const cronProblem = options.cronProblem;
  const parsed = schema.safeParse(present);
  const issues = parsed.success ? [] : [...parsed.error.issues];
  // node-cron's verdict on each schedule, beside any other bad variable (see LoadConfigOptions).
  if (cronProblem) {
    for (const name of ["SWEEP_CRON", "DELIVERY_CRON"] as const) {
      const value = present[name]?.trim();
      const problem = !value || value === "off" ? null : cronProblem(value);
      if (problem) issues.push({ code: "custom", path: [name], message: problem, input: value });
    }
  }
  if (!parsed.success || issues.length > 0) {
    const lines = issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const v = parsed.data!;
  return {
    port: v.PORT,
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ""),
    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    dataDir: v.HANDOFF_DATA_DIR,
    adminKeyFile: v.HANDOFF_ADMIN_KEY_FILE,
    organizationName: v.HANDOFF_ORG_NAME,
    claimSigningSecrets: v.CLAIM_SIGNING_SECRETS,
    sealingKeys: v.HANDOFF_SEALING_KEY,
    keyCacheTtlMs: v.KEY_CACHE_TTL_MS,
    keyCacheMaxEntries: v.KEY_CACHE_MAX_ENTRIES,
    maxBodyBytes: v.MAX_BODY_BYTES,
    formMaxBodyBytes: v.FORM_MAX_BODY_BYTES,
    logLevel: v.LOG_LEVEL,
    passwordIterations: v.PASSWORD_ITERATIONS,
    sessionTtlHours: v.SESSION_TTL_HOURS,
    recoveryLinkTtlHours: v.RECOVERY_LINK_TTL_HOURS,
    ownerSetupLinkTtlHours: v.OWNER_SETUP_LINK_TTL_HOURS,
    trustProxy: v.TRUST_PROXY === "true",
    trustProxyHops: v.TRUST_PROXY_HOPS,
    sweepCron: v.SWEEP_CRON === "off" ? null : v.SWEEP_CRON,
    provisionRetentionDays: v.PROVISION_RETENTION_DAYS,
    auditRetentionDays: v.AUDIT_RETENTION_DAYS ?? null,
    sweepBatchSize: v.SWEEP_BATCH_SIZE,
    sweepConcurrency: v.SWEEP_CONCURRENCY,
    sweepTimeBudgetMs: v.SWEEP_TIME_BUDGET_MS,
    apiRateLimits: {
      windowSeconds: v.RATE_LIMIT_WINDOW_SECONDS,
      perKey: v.RATE_LIMIT_PER_KEY,
      perOrganization: v.RATE_LIMIT_PER_ORGANIZATION,
      perIp: v.RATE_LIMIT_PER_IP,
      syncMs: v.RATE_LIMIT_SYNC_MS,
    },
    selfServiceOrganizations: v.SELF_SERVICE_ORGS === "true",
    mail: mailConfig(v),
    deliveryCron: v.DELIVERY_CRON === "off" ? null : v.DELIVERY_CRON,
    webhookAllowPrivateTargets: v.WEBHOOK_ALLOW_PRIVATE_TARGETS === "true",
  };
}

function mailConfig(v: z.infer<typeof schema>): MailConfig | null {
  if (!v.MAIL_FROM) return null;
  if (v.SMTP_URL) return { from: v.MAIL_FROM, transport: { kind: "smtp", url: v.SMTP_URL } };
  if (v.MAIL_HTTP_URL && v.MAIL_HTTP_SECRET) return { from: v.MAIL_FROM, transport: { kind: "http", url: v.MAIL_HTTP_URL, secret: v.MAIL_HTTP_SECRET } };
  return null;
}
