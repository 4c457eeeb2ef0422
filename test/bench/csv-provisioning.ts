// (h) `handoff provision --csv` of 10,000 rows ÷ the server's own provisioning rate, same run, same
// server, same concurrency. The server: the app on @hono/node-server over PostgreSQL (a schema of the
// run's own). The CLI: the bundle an installed package runs (sdk/dist/cli.js, built here into a
// temporary directory), as a child process, timed from spawn to exit — parsing the file, an
// Idempotency-Key per row, the SDK's requests, the per-row progress lines on stderr and the report
// file included. The server's own rate: the same POST /v1/team/provisions (a name, an email, a role and
// an Idempotency-Key each) from a bare node:http client in a process of its own, once before and once
// after the CLI so drift in the machine's load hits both sides alike.
//
// BENCH_CSV_ROWS changes the row count (default 10,000); the CLI runs with --concurrency=CONCURRENCY
// and the bare client with as many requests in flight.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import { buildCli } from "../../sdk/scripts/build.mjs";
import { createApp } from "../../src/app.js";
import {
  benchDeps,
  LIMITS_OUT_OF_REACH,
  postgresDatabase,
  ratioRow,
  seedOrganization,
  type BenchContext,
  type BenchRow,
} from "./support.js";

export const CSV_TARGET = 0.7;
const CONCURRENCY = 8;

export async function benchCsvProvisioning(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.databaseUrl) throw new Error("needs PostgreSQL");
  const rows = Number(process.env.BENCH_CSV_ROWS ?? 10_000);
  if (!Number.isInteger(rows) || rows < 100) throw new Error("BENCH_CSV_ROWS must be a whole number ≥ 100");
  const dir = mkdtempSync(join(tmpdir(), "handoff-csv-bench-"));
  // The app's default pool (DATABASE_POOL_SIZE=10): more than the requests in flight.
  const database = await postgresDatabase(ctx.databaseUrl, 10);
  const deps = benchDeps(database.db, LIMITS_OUT_OF_REACH);
  let server: ReturnType<typeof serve> | undefined;
  try {
    const cli = await buildCli(join(dir, "cli.js"));
    const seed = await seedOrganization(deps);
    const app = createApp(deps);
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const csv = join(dir, "people.csv");
    writeFileSync(csv, peopleCsv(rows));

    // A short warm-up of the server (JIT, pool, caches), not counted.
    await direct(dir, base, seed.adminKey, Math.min(500, rows));
    const loads: number[] = [loadavg()[0]!];
    ctx.log(`  server alone, ${rows} provisions at ${CONCURRENCY} connections…`);
    const before = await direct(dir, base, seed.adminKey, rows);
    loads.push(loadavg()[0]!);
    ctx.log(`    ${Math.round(before.perSec)}/s; the CLI, ${rows} rows…`);
    const viaCli = await runCli(cli, dir, base, seed.adminKey, rows);
    loads.push(loadavg()[0]!);
    ctx.log(`    ${Math.round(viaCli.perSec)}/s; server alone again…`);
    const after = await direct(dir, base, seed.adminKey, rows);
    loads.push(loadavg()[0]!);
    ctx.log(`    ${Math.round(after.perSec)}/s`);

    // Every row provisioned exactly once: the report and the database agree.
    const { rows: counted } = await sql<{ n: string }>`
      select count(*) as n from provisions where organization_id = ${seed.organizationId} and email like 'csv-%'`.execute(database.db);
    if (Number(counted[0]!.n) !== rows) throw new Error(`the CLI provisioned ${counted[0]!.n} of ${rows} rows`);

    const server2 = (before.count + after.count) / ((before.ms + after.ms) / 1000);
    const loadNote = `load average (1 min) before/after each part: ${loads.map((l) => l.toFixed(1)).join(" → ")}`;
    return [
      {
        name: `server alone: POST /v1/team/provisions, ${CONCURRENCY} in flight (bare node:http client)`,
        value: server2,
        unit: "provisions/s",
        note: `Before the CLI ${Math.round(before.perSec)}/s, after it ${Math.round(after.perSec)}/s; ${loadNote}.`,
      },
      ratioRow({
        name: `handoff provision --csv (${rows.toLocaleString("en-US")} rows, --concurrency ${CONCURRENCY})`,
        value: viaCli.perSec,
        unit: "provisions/s",
        baseline: server2,
        target: CSV_TARGET,
        note:
          `The CLI bundle as a child process, spawn to exit (${(viaCli.ms / 1000).toFixed(1)} s): CSV parsing, an ` +
          "Idempotency-Key per row, progress lines on stderr, a report file; baseline = the server's rate from a bare client " +
          "(same requests with an Idempotency-Key each) measured before and after it in the same run.",
      }),
    ];
  } finally {
    const open = server;
    if (open) {
      await new Promise<void>((resolve) => {
        open.close(() => resolve());
        if ("closeAllConnections" in open) open.closeAllConnections();
      });
    }
    await deps.settle();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function peopleCsv(rows: number): string {
  const tag = Math.random().toString(36).slice(2, 8);
  const lines = ["name,email,role"];
  for (let i = 1; i <= rows; i++) lines.push(`Person ${i},csv-${tag}-${i}@bench.example,member`);
  return `${lines.join("\n")}\n`;
}

type Rate = { count: number; ms: number; perSec: number };

/**
 * The lightest client: a few lines of node:http with keep-alive, in a process of its own like the CLI,
 * `amount` provisions `CONCURRENCY` at a time, each with its own Idempotency-Key and email. (autocannon
 * cannot give each request a unique key: its id replacement miscounts Content-Length and stalls.)
 */
const DIRECT_CLIENT = `
import http from "node:http";
const [url, key, amount, concurrency, tag] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const target = new URL("/v1/team/provisions", url);
let next = 0, failed = 0;
const one = (i) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ name: "Direct " + i, email: "direct-" + tag + "-" + i + "@bench.example", role: "member" });
  const req = http.request(target, { method: "POST", agent, headers: {
    authorization: "Bearer " + key, "content-type": "application/json", "content-length": Buffer.byteLength(body),
    "idempotency-key": "direct-" + tag + "-" + i } }, (res) => {
    res.resume();
    res.on("end", () => { if (res.statusCode !== 201) failed++; resolve(); });
  });
  req.on("error", reject);
  req.end(body);
});
const worker = async () => { while (next < Number(amount)) await one(next++); };
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
agent.destroy();
if (failed) { console.error(failed + " requests failed"); process.exit(1); }
`;

async function direct(dir: string, base: string, adminKey: string, amount: number): Promise<Rate> {
  const script = join(dir, "direct.mjs");
  writeFileSync(script, DIRECT_CLIENT);
  const tag = Math.random().toString(36).slice(2, 8);
  const t0 = performance.now();
  await child([script, base, adminKey, String(amount), String(CONCURRENCY), tag], dir, {});
  const ms = performance.now() - t0;
  return { count: amount, ms, perSec: (amount * 1000) / ms };
}

/** Runs node with `args`; rejects with the end of its stderr unless it exits 0. Its stderr is read, only the end kept. */
async function child(args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  const { code, tail } = await new Promise<{ code: number | null; tail: string }>((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let tail = "";
    p.stderr.setEncoding("utf8").on("data", (d: string) => (tail = (tail + d).slice(-2000)));
    p.on("error", reject);
    p.on("close", (c) => resolve({ code: c, tail }));
  });
  if (code !== 0) throw new Error(`${args[0]} exited with ${code}: ${tail}`);
}

async function runCli(cli: string, dir: string, base: string, adminKey: string, rows: number): Promise<Rate> {
  const t0 = performance.now();
  // The per-row progress lines go to a pipe that is read, as a log file or a terminal would take them.
  await child([cli, "provision", "--csv", "people.csv", "--report", "report.json", "--concurrency", String(CONCURRENCY)], dir, {
    HANDOFF_URL: base,
    HANDOFF_API_KEY: adminKey,
  });
  const ms = performance.now() - t0;
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { summary: { created: number; failed: number } };
  if (report.summary.created !== rows) throw new Error(`the CLI report: ${JSON.stringify(report.summary)}`);
  return { count: rows, ms, perSec: (rows * 1000) / ms };
}
