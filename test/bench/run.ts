// `npm run bench -- [--only=auth,pglite] [--duration=10] [--strict] [--list]`
//
// Runs the benchmarks below one after another, prints each one's rows as a table (ratios against a
// baseline measured in the same run) and writes everything to test/artifacts/bench.json.
//   --only=a,b     run the benchmarks whose id contains a or b (e.g. auth, provisioning, pglite)
//   --duration=N   measured seconds per compared case, split into alternating ~2 s rounds
//                  (default 10; BENCH_DURATION_S)
//   --strict       exit 1 when a target is missed (default: report only)
//   --list         print the benchmark ids and exit
// PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a schema of
// the run's own, dropped at the end (the seeded benchmark: a database of its own, dropped too). Unreachable: the PostgreSQL benchmarks are skipped loudly (CI=true:
// a failure). Never part of `npm test`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { authOverhead } from "./auth-overhead.js";
import { benchAuditExport } from "./audit-export.js";
import { benchBundleSize } from "./bundle-size.js";
import { benchCsvProvisioning } from "./csv-provisioning.js";
import { provisioningOnPglite, provisioningOnPostgres } from "./provisioning.js";
import { benchRevocation } from "./revocation.js";
import { benchSeeded } from "./seeded.js";
import { benchSweep } from "./sweep.js";
import {
  defaultDatabaseUrl,
  formatNumber,
  loadPerCore,
  machine,
  postgresReachable,
  table,
  type BenchContext,
  type Benchmark,
  type BenchRow,
} from "./support.js";

/** Every benchmark, in run order. To add one: a function (ctx) => Promise<BenchRow[]> and a line here. */
const benchmarks: Benchmark[] = [
  {
    id: "auth",
    title: "(a) Authentication overhead: GET /v1/me ÷ GET /healthz, real HTTP server, PostgreSQL",
    needsPostgres: true,
    run: authOverhead,
  },
  {
    id: "provisioning-postgres",
    title: "(b) Provisioning throughput ÷ raw SQL transaction, PostgreSQL",
    needsPostgres: true,
    run: provisioningOnPostgres,
  },
  {
    id: "provisioning-pglite",
    title: "(c) Provisioning throughput ÷ raw SQL transaction, PGlite (in memory)",
    needsPostgres: false,
    run: provisioningOnPglite,
  },
  {
    id: "sweep",
    title: "(d) Sweeping 100,000 expired provisions ÷ a hand-written bulk SQL delete, PostgreSQL; memory growth",
    needsPostgres: true,
    run: benchSweep,
  },
  {
    id: "revocation",
    title: "(f) A revocation reaching another instance: two instances, PostgreSQL LISTEN/NOTIFY ÷ the key-cache TTL",
    needsPostgres: true,
    run: benchRevocation,
  },
  {
    id: "bundle-size",
    title: "(e) Cloudflare Workers bundle size (wrangler deploy --dry-run)",
    needsPostgres: false,
    run: benchBundleSize,
  },
  {
    id: "audit-export",
    title: "(f) Exporting 1,000,000 audit events (streamed JSON lines), PostgreSQL; memory growth",
    needsPostgres: true,
    run: benchAuditExport,
  },
  {
    id: "seeded",
    title: "(g) Cost as data grows: 10k, 100k and 1M rows of each kind, PostgreSQL; growth factor 10k→1M (goal ≤ 1.5×)",
    needsPostgres: true,
    run: benchSeeded,
  },
  {
    id: "csv",
    title: "(h) handoff provision --csv of 10,000 rows ÷ the server's own provisioning rate, PostgreSQL",
    needsPostgres: true,
    run: benchCsvProvisioning,
  },
];

type Outcome = {
  id: string;
  title: string;
  status: "ok" | "skipped" | "failed";
  seconds: number;
  rows: BenchRow[];
  /** Text blocks the benchmark asked to print under its rows (ctx.report). */
  reports?: string[];
  error?: string;
};

function parseArgs(argv: string[]) {
  const opts = { only: [] as string[], durationS: Number(process.env.BENCH_DURATION_S ?? 10), strict: false, list: false };
  for (const arg of argv) {
    const [flag, value = ""] = arg.split("=", 2) as [string, string?];
    if (flag === "--only") opts.only.push(...value.split(",").map((s) => s.trim()).filter(Boolean));
    else if (flag === "--duration") opts.durationS = Number(value);
    else if (flag === "--strict") opts.strict = true;
    else if (flag === "--list") opts.list = true;
    else throw new Error(`Unknown option ${arg} (use --only=a,b --duration=N --strict --list)`);
  }
  if (!Number.isFinite(opts.durationS) || opts.durationS < 1 || opts.durationS > 120) {
    throw new Error("--duration must be a number of seconds between 1 and 120");
  }
  return opts;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.list) {
    for (const b of benchmarks) console.log(`${b.id.padEnd(24)} ${b.title}`);
    return 0;
  }
  const selected = opts.only.length ? benchmarks.filter((b) => opts.only.some((o) => b.id.includes(o))) : benchmarks;
  if (selected.length === 0) {
    console.error(`No benchmark matches --only=${opts.only.join(",")}; ids: ${benchmarks.map((b) => b.id).join(", ")}`);
    return 2;
  }

  const started = new Date();
  const host = machine();
  const url = process.env.BENCH_DATABASE_URL ?? defaultDatabaseUrl;
  const ci = process.env.CI === "true" || process.env.CI === "1";
  let databaseUrl: string | null = null;
  if (selected.some((b) => b.needsPostgres)) {
    const state = await postgresReachable(url);
    if (state === true) databaseUrl = url;
    else {
      const bar = "!".repeat(78);
      console.error(`\n${bar}\n!! PostgreSQL unreachable at ${redact(url)}: ${state}\n!! ${ci ? "CI: failing." : "Skipping the PostgreSQL benchmarks."}\n${bar}\n`);
      if (ci) return 1;
    }
  }

  console.log(`Handoff benchmarks — ${started.toISOString()}`);
  console.log(
    `Machine: ${host.cores} cores (${host.cpuModel}), ${host.memoryGiB} GiB, ${host.platform}, Node ${host.node}`,
  );
  console.log(`PostgreSQL: ${databaseUrl ? redact(databaseUrl) : "not used"}; ${opts.durationS} s measured per compared case`);
  console.log(
    "Ratios: throughput rows are value ÷ baseline; CPU rows (µs, main thread) are baseline ÷ value, the ratio\n" +
      "to expect where that CPU is the bottleneck, steady even when other work shares the machine.",
  );
  const loadAtStart = loadPerCore();
  console.log(`Load average per core at start: ${loadAtStart}${busyWarning(loadAtStart)}`);

  const ctx: BenchContext = {
    databaseUrl,
    durationMs: opts.durationS * 1000,
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const outcomes: Outcome[] = [];
  for (const b of selected) {
    if (b.needsPostgres && !databaseUrl) {
      outcomes.push({ id: b.id, title: b.title, status: "skipped", seconds: 0, rows: [], error: "PostgreSQL unreachable" });
      continue;
    }
    ctx.log(`\n▶ ${b.id}: ${b.title}`);
    const t0 = Date.now();
    const reports: string[] = [];
    try {
      const rows = await b.run({ ...ctx, report: (text) => void reports.push(text) });
      outcomes.push({ id: b.id, title: b.title, status: "ok", seconds: (Date.now() - t0) / 1000, rows, reports });
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      ctx.log(`✖ ${b.id} failed: ${error}`);
      outcomes.push({ id: b.id, title: b.title, status: "failed", seconds: (Date.now() - t0) / 1000, rows: [], error });
    }
  }

  const header = ["metric", "unit", "value", "baseline", "ratio", "target", "result"];
  for (const o of outcomes) {
    console.log(`\n${o.title}  [${o.id}, ${o.status}${o.status === "ok" ? `, ${o.seconds.toFixed(0)} s` : ""}]`);
    if (o.status !== "ok") {
      console.log(`  ${o.status.toUpperCase()}: ${o.error?.split("\n")[0]}`);
      continue;
    }
    const lines = o.rows.map((r) => [
      r.name,
      r.unit,
      formatNumber(r.value),
      formatNumber(r.baseline),
      formatNumber(r.ratio, "ratio"),
      r.target === undefined ? "" : `≥ ${r.target}`,
      verdict(r),
    ]);
    console.log(table(header, lines).replace(/^/gm, "  "));
    for (const r of o.rows) if (r.note) console.log(`  Note: ${r.note}`);
    for (const text of o.reports ?? []) console.log(`\n${text.replace(/^/gm, "  ")}`);
  }

  const targeted = outcomes.flatMap((o) => o.rows.filter((r) => r.target !== undefined).map((r) => ({ o, r })));
  const missed = targeted.filter(({ r }) => verdict(r) !== "met");
  const failed = outcomes.filter((o) => o.status === "failed");
  console.log("\nTargets:");
  for (const { o, r } of targeted) {
    console.log(`  ${verdict(r) === "met" ? "MET   " : "MISSED"} ${o.id}: ${r.name} = ${formatNumber(r.ratio, "ratio")} (target ≥ ${r.target})`);
  }
  for (const o of outcomes.filter((x) => x.status !== "ok")) console.log(`  ${o.status.toUpperCase().padEnd(6)} ${o.id}`);

  const loadAtEnd = loadPerCore();
  console.log(`\nLoad average per core at end: ${loadAtEnd}${busyWarning(loadAtEnd)}`);
  const finished = new Date();
  const artifact = resolve(dirname(fileURLToPath(import.meta.url)), "../artifacts/bench.json");
  mkdirSync(dirname(artifact), { recursive: true });
  writeFileSync(
    artifact,
    `${JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        machine: host,
        loadPerCore: { start: loadAtStart, end: loadAtEnd },
        options: { only: opts.only, durationS: opts.durationS, postgres: databaseUrl ? redact(databaseUrl) : null },
        benchmarks: outcomes,
        targets: targeted.map(({ o, r }) => ({ benchmark: o.id, name: r.name, ratio: r.ratio, target: r.target, met: verdict(r) === "met" })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWrote ${artifact} (${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s in all)`);
  if (failed.length) return 1;
  return opts.strict && missed.length ? 1 : 0;
}

function busyWarning(load: number): string {
  return load > 1 ? " (other work is running on this machine: expect noisy figures)" : "";
}

function verdict(r: BenchRow): "" | "met" | "MISSED" {
  if (r.target === undefined) return "";
  return r.ratio !== undefined && r.ratio >= r.target ? "met" : "MISSED";
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; if a stray handle still holds the process, say so and leave anyway.
    setTimeout(() => {
      console.error("bench: something kept the process alive after the run; exiting.");
      process.exit(code);
    }, 5000).unref();
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
