#!/usr/bin/env node
// `npm test`: every test that can run here, on PGlite and on PostgreSQL. Without a PostgreSQL (or,
// later, Chromium) a newcomer's run still passes the rest and says loudly what it skipped; in CI
// (CI=true) a missing service is a failure, never a silent skip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import pg from "pg";

const ci = process.env.CI === "true" || process.env.CI === "1";
const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function postgresReachable() {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch (err) {
    return String(err.message ?? err);
  } finally {
    await client.end().catch(() => {});
  }
}

function banner(lines) {
  const bar = "!".repeat(78);
  console.error(["", bar, ...lines.map((l) => `!! ${l}`), bar, ""].join("\n"));
}

const projects = ["unit", "pglite"];
// The browser tests run once, on PostgreSQL when it is there (set below), else on PGlite.
const skipped = [];
const pgState = await postgresReachable();
if (pgState === true) {
  // "workers": the Worker bundle and the Worker in workerd (wrangler dev) over this PostgreSQL.
  projects.push("postgres", "workers");
  process.env.TEST_DB_BROWSER = "postgres";
} else if (ci) {
  banner([`CI: PostgreSQL is required but unreachable at ${databaseUrl}`, String(pgState)]);
  process.exit(1);
} else {
  skipped.push("PostgreSQL tests");
  banner([
    "SKIPPING every PostgreSQL test (the postgres and the workers projects): no database at " + databaseUrl,
    `(${pgState})`,
    "Enable: start PostgreSQL, or set TEST_DATABASE_URL=postgres://user@host:port/db",
  ]);
}

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromium)) {
  projects.push("browser");
} else if (ci) {
  banner([`CI: Chromium is required for the browser tests but ${chromium} is missing`, "Install it: apt-get install -y chromium"]);
  process.exit(1);
} else {
  skipped.push("browser tests");
  banner([
    `SKIPPING the browser tests: no Chromium at ${chromium}`,
    "Enable: apt-get install -y chromium (Debian), or set CHROMIUM_PATH to a Chromium binary",
  ]);
}

mkdirSync("test/artifacts", { recursive: true });
const report = "test/artifacts/vitest-report.json";
const args = ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", `--reporter=json`, `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync("npx", args, { stdio: "inherit", env: process.env });

if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  if (skipped.length) banner([`Skipped: ${skipped.join(", ")}. See above for how to enable.`]);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
}
process.exit(run.status ?? 1);
