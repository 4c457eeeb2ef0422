import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext as PwContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle } from "../../db/connect.js";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { makeDeps, type AppDeps, type Clock } from "../../src/deps.js";
import { nodeDocsAssets } from "../../src/entry/docs-assets-node.js";
import { nodeMailer } from "../../src/entry/node-mailer.js";
import { createLogger } from "../../src/logger.js";
import { SEALING, SIGNING } from "../support/context.js";
import { freshDatabase } from "../support/database.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = "test/artifacts/screenshots";

/** The flags this machine needs: no sandbox as root, and no background calls to a network it lacks. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type BrowserContext = { baseUrl: string; app: App; deps: AppDeps; browser: Browser; db: DatabaseHandle["db"] };

/**
 * A real HTTP server on an ephemeral loopback port, a fresh database, and a headless Chromium. `env` adds
 * configuration (a function: values known only once earlier hooks ran, such as a mailbox's port);
 * `opts.clock` a test clock the server acts by (TOTP codes, expiries) instead of the system's.
 */
export function useBrowserTest(env: Record<string, string> | (() => Record<string, string>) = {}, opts: { clock?: Clock } = {}): BrowserContext {
  const ctx = {} as BrowserContext;
  let server: ServerType;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    let app: App | undefined;
    server = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    ctx.baseUrl = `http://127.0.0.1:${port}`;
    handle = await freshDatabase();
    ctx.db = handle.db;
    const vars = typeof env === "function" ? env() : env;
    const config = loadConfig({ PUBLIC_URL: ctx.baseUrl, PASSWORD_ITERATIONS: "1000", LOG_LEVEL: "silent", ...vars });
    ctx.deps = makeDeps({ db: handle.db, config, signingSecrets: SIGNING, sealingKeys: SEALING, logger: createLogger("silent"), mailer: nodeMailer(config) ?? null, ...(opts.clock ? { clock: opts.clock } : {}) });
    app = createApp(ctx.deps, { docsAssets: nodeDocsAssets });
    ctx.app = app;
    ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await ctx.browser?.close();
    await new Promise((r) => server?.close(r));
    await handle?.close();
  });
  return ctx;
}

/** Signs up on the real sign-up page in `context`; the page is left on /account. */
export async function signUpIn(t: BrowserContext, context: PwContext, who: { name: string; email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/signup`);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL("**/account");
  return page;
}
