import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle } from "../../db/connect.js";
import { createApp, type App } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import { makeDeps, type AppDeps } from "../../src/deps.js";
import { nodeDocsAssets } from "../../src/entry/docs-assets-node.js";
import { nodeMailer } from "../../src/entry/node-mailer.js";
import { createLogger } from "../../src/logger.js";
import { createOrganization } from "../../src/services/bootstrap.js";
import { TestClock } from "./clock.js";
import { freshDatabase } from "./database.js";

export type TestContext = {
  handle: DatabaseHandle;
  db: DatabaseHandle["db"];
  deps: AppDeps;
  app: App;
  clock: TestClock;
  config: Config;
  /** Log lines written during the file, to assert that no secret is ever logged. */
  logs: string[];
  /** Background writes (last_used_at) started by requests; await them before reading what they write. */
  settle(): Promise<void>;
};

export const SIGNING = [{ id: "t1", secret: "test-signing-secret-0123456789abcdef" }];
export const SEALING = [{ id: "s1", secret: "test-sealing-key-0123456789abcdefghij" }];

/**
 * One database and app per test file (a fresh PGlite costs ~2 s); tests stay independent by each
 * creating their own organization (see factories.ts).
 */
export function useTestContext(env: Record<string, string> | (() => Record<string, string>) = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.handle = await freshDatabase();
    ctx.db = ctx.handle.db;
    ctx.clock = new TestClock();
    ctx.logs = [];
    // Fast password hashing and X-Forwarded-For client addresses: tests set the IP per request.
    // A function gives values known only once earlier hooks ran (an in-process SMTP server's port).
    const vars = typeof env === "function" ? env() : env;
    ctx.config = loadConfig({ PUBLIC_URL: "http://handoff.test", LOG_LEVEL: "debug", PASSWORD_ITERATIONS: "1000", TRUST_PROXY: "true", ...vars });
    const pending = new Set<Promise<unknown>>();
    ctx.deps = makeDeps({
      db: ctx.db,
      config: ctx.config,
      signingSecrets: SIGNING,
      sealingKeys: SEALING,
      clock: ctx.clock,
      logger: createLogger("debug", (line) => ctx.logs.push(line)),
      mailer: nodeMailer(ctx.config) ?? null,
      defer: (task) => {
        const p = task.catch(() => {}).finally(() => pending.delete(p));
        pending.add(p);
      },
    });
    ctx.settle = async () => {
      await Promise.all([...pending]);
    };
    ctx.app = createApp(ctx.deps, { docsAssets: nodeDocsAssets });
  }, 60_000);
  afterAll(async () => {
    await ctx.settle?.();
    await ctx.handle?.close();
  });
  return ctx;
}

export async function newOrganization(ctx: TestContext, name = "Acme") {
  return createOrganization(ctx.db, { organizationName: name, publicUrl: ctx.config.publicUrl, now: ctx.clock.now() });
}
