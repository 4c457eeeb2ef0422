// Shared pieces of the benchmark suite (`npm run bench`): the row and benchmark shapes, databases
// (a schema of its own on PostgreSQL, an in-memory PGlite), app dependencies built like the Node entry
// point, a seeded organization, a fixed-time concurrent load loop, CPU meters (this process's main
// thread; the local PostgreSQL backends), and formatting.
import { TEAM_SCOPES } from "../../src/domain/team-scopes.js";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import { connectDatabase, type DatabaseHandle } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import { loadConfig, type Config } from "../../src/config.js";
import { makeDeps, type AppDeps } from "../../src/deps.js";
import { contextOf, type AdminPrincipal } from "../../src/domain/actors.js";
import { createLogger } from "../../src/logger.js";
import { createOrganization } from "../../src/services/bootstrap.js";
import { createProvision } from "../../src/services/provisions/create.js";

// ---------------------------------------------------------------------------------------------
// Shapes

/** One measured figure. A row with a target passes when ratio ≥ target. */
export type BenchRow = {
  name: string;
  value: number;
  unit: string;
  /** The same-run baseline the value is compared with (same unit). */
  baseline?: number;
  /** value ÷ baseline for rates (higher is better); baseline ÷ value for costs (see cpuRow). */
  ratio?: number;
  target?: number;
  /** A short remark printed under the table (how it was measured, a caveat). */
  note?: string;
};

export type BenchContext = {
  /** PostgreSQL URL (BENCH_DATABASE_URL), or null when unreachable: PostgreSQL benchmarks skip. */
  databaseUrl: string | null;
  /**
   * Measured time per compared case (endpoint, code path), in ms (default 10 s; `--duration=`). Benchmarks
   * split it into alternating rounds of about 2 s (see `rounds`), so bursts of load from elsewhere on the
   * machine hit every case alike.
   */
  durationMs: number;
  /** Progress lines, to stderr so the table on stdout stays clean. */
  log(line: string): void;
  /** A block of text (e.g. a table across data sizes) printed under the benchmark's rows on stdout. */
  report?(text: string): void;
};

/** A benchmark: `id` is what `--only=` matches (substring, comma-separated alternatives). */
export type Benchmark = {
  id: string;
  title: string;
  /** Needs PostgreSQL: skipped (loudly) when it is unreachable. */
  needsPostgres: boolean;
  run(ctx: BenchContext): Promise<BenchRow[]>;
};

export function ratioRow(row: Omit<BenchRow, "ratio">): BenchRow {
  return row.baseline ? { ...row, ratio: row.value / row.baseline } : row;
}

/**
 * CPU cost rows for one measured case: main-thread CPU per operation and, where the PostgreSQL backends
 * could be measured, theirs and the sum. With a baseline, each carries baseline ÷ value (see cpuRow).
 */
export function costRows(
  prefix: string,
  r: { cpuUsPerOp: number; pgCpuUsPerOp?: number | undefined },
  baseline: { cpuUsPerOp: number; pgCpuUsPerOp?: number | undefined } | null,
  per = "op",
): BenchRow[] {
  const row = (name: string, value: number, base: number | undefined) =>
    base === undefined ? { name, value, unit: "µs" } : cpuRow(name, value, base);
  const rows = [row(`${prefix} CPU per ${per}: app main thread`, r.cpuUsPerOp, baseline?.cpuUsPerOp)];
  if (r.pgCpuUsPerOp !== undefined) {
    const pgBase = baseline?.pgCpuUsPerOp;
    rows.push(
      { name: `${prefix} CPU per ${per}: PostgreSQL backends`, value: r.pgCpuUsPerOp, unit: "µs" },
      row(
        `${prefix} CPU per ${per}: app + PostgreSQL`,
        r.cpuUsPerOp + r.pgCpuUsPerOp,
        baseline && pgBase !== undefined ? baseline.cpuUsPerOp + pgBase : undefined,
      ),
    );
  }
  return rows;
}

/**
 * A cost row (CPU µs per operation, lower is better): ratio = baseline ÷ value, i.e. the throughput
 * ratio to expect where that CPU is the bottleneck. Unlike throughput it barely moves when other
 * processes compete for the cores, so it cross-checks the throughput ratio on a busy machine.
 */
export function cpuRow(name: string, value: number, baseline: number): BenchRow {
  return { name, value, unit: "µs", baseline, ratio: baseline / value };
}

// ---------------------------------------------------------------------------------------------
// Databases

export const defaultDatabaseUrl = "postgres://postgres@127.0.0.1:5432/test";

export async function postgresReachable(url: string): Promise<true | string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

export type BenchDatabase = DatabaseHandle & {
  /** PostgreSQL only: the schema the run created (and drops on close). */
  schema: string | null;
  /** PostgreSQL only: the application_name of its connections (the schema's name), see postgresBackendCpu. */
  applicationName?: string;
};

/** The URL with an application_name, so the connections' backends can be found in pg_stat_activity. */
export function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set("application_name", name);
  return u.toString();
}

/** A migrated schema of its own in the PostgreSQL database, dropped on close. */
export async function postgresDatabase(url: string, poolSize: number): Promise<BenchDatabase> {
  const schema = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = await connectDatabase({ databaseUrl: withApplicationName(url, schema), schema, poolSize });
  await migrateToLatest(handle.db, schema);
  return {
    ...handle,
    schema,
    applicationName: schema,
    close: async () => {
      // Other runs may be dropping their own schemas at the same moment: retry a deadlock.
      for (let attempt = 1; ; attempt++) {
        try {
          await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== "40P01" || attempt >= 5) throw err;
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
      await handle.close();
    },
  };
}

/** A migrated in-memory PGlite, opened exactly as the app opens it. */
export async function pgliteDatabase(): Promise<BenchDatabase> {
  const handle = await connectDatabase({ dataDir: "memory://" });
  await migrateToLatest(handle.db);
  return { ...handle, schema: null };
}

/** A `pg` pool on the same schema, for raw-SQL baselines. */
export function rawPool(url: string, schema: string, max: number, applicationName = schema): pg.Pool {
  const pool = new pg.Pool({
    connectionString: withApplicationName(url, applicationName),
    max,
    options: `-c search_path=${schema}`,
  });
  pool.on("error", () => {});
  return pool;
}

// ---------------------------------------------------------------------------------------------
// App dependencies and data

/**
 * The /v1 rate limits on (every call counted and shared through the database, as in production) but out
 * of reach: one key at thousands of requests per second would spend the default budget in a second.
 */
export const LIMITS_OUT_OF_REACH = { RATE_LIMIT_PER_KEY: "1000000000", RATE_LIMIT_PER_ORGANIZATION: "1000000000" };

export const SIGNING = [{ id: "b1", secret: "bench-signing-secret-0123456789abcdef" }];
export const SEALING = [{ id: "s1", secret: "bench-sealing-key-0123456789abcdefghij" }];

export type BenchDeps = AppDeps & {
  /** Waits for background writes (last_used_at) started by requests. */
  settle(): Promise<void>;
};

/** Dependencies as the Node entry point builds them, with a silent logger and default tuning. */
export function benchDeps(db: DatabaseHandle["db"], env: Record<string, string> = {}): BenchDeps {
  const config: Config = loadConfig({ PUBLIC_URL: "http://handoff.bench", LOG_LEVEL: "silent", ...env });
  const pending = new Set<Promise<unknown>>();
  const deps = makeDeps({
    db,
    config,
    signingSecrets: SIGNING,
    sealingKeys: SEALING,
    logger: createLogger("silent"),
    defer: (task) => {
      const p = task.catch(() => {}).finally(() => pending.delete(p));
      pending.add(p);
    },
  });
  return { ...deps, settle: async () => void (await Promise.all([...pending])) };
}

export type SeededOrg = {
  organizationId: string;
  adminKey: string;
  admin: AdminPrincipal;
  /** A provisioned project's key (bound to its default agent). */
  projectKey: string;
};

/** An organization (createOrganization) and one provisioned project for its admin key. */
export async function seedOrganization(deps: AppDeps): Promise<SeededOrg> {
  const org = await createOrganization(deps.db, {
    organizationName: "Bench Inc",
    publicUrl: deps.config.publicUrl,
    now: deps.clock.now(),
  });
  const keyRow = await deps.db
    .selectFrom("api_keys")
    .select("id")
    .where("organization_id", "=", org.organizationId)
    .where("kind", "=", "admin")
    .executeTakeFirstOrThrow();
  const admin: AdminPrincipal = { kind: "admin", organizationId: org.organizationId, keyId: keyRow.id, scopes: [...TEAM_SCOPES], createdBy: null, expiresAt: null };
  const created = await createProvision(deps, contextOf(admin, null), { role: "member", skipOnboarding: true, name: "Ada Lovelace" });
  return { organizationId: org.organizationId, adminKey: org.adminKey, admin, projectKey: created.apiKey };
}

// ---------------------------------------------------------------------------------------------
// Load

export type LoadResult = {
  ops: number;
  elapsedMs: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Main-thread CPU time per operation (µs): the process's own JavaScript, I/O and (PGlite) WASM work.
   * Far steadier than throughput when other processes compete for the cores. Excludes the libuv thread
   * pool (WebCrypto digests), GC helper threads and PostgreSQL's own processes. See `mainThreadCpu`.
   */
  cpuUsPerOp: number;
  /** CPU time of the PostgreSQL backends per operation (µs), when a meter was given and could read it. */
  pgCpuUsPerOp?: number;
};

/** How many alternating rounds, and how long each, to fill `durationMs` (rounds of about 2 s, at least 2). */
export function rounds(durationMs: number, roundMs = 2000): { count: number; eachMs: number } {
  const count = Math.max(2, Math.round(durationMs / roundMs));
  return { count, eachMs: durationMs / count };
}

/**
 * Measures the main thread's CPU time from now: call the result to read it (ms). On Linux from
 * /proc (user + system ticks of this thread alone, so a load generator in a worker thread is not
 * counted; 10 ms resolution); elsewhere the event loop's active time, which also counts time the
 * thread was preempted.
 */
export function mainThreadCpu(): () => number {
  const read = threadTicksReader();
  if (read) {
    const start = read();
    return () => (read() - start) * 10;
  }
  const start = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(start).active;
}

function threadTicksReader(): (() => number) | null {
  const path = `/proc/self/task/${process.pid}/stat`;
  return ticksAt(path) === null ? null : () => ticksAt(path) ?? 0;
}

/** user + system CPU ticks (100 Hz) from a /proc …/stat file, or null when it cannot be read. */
function ticksAt(path: string): number | null {
  try {
    const stat = readFileSync(path, "utf8");
    // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function procTicks(pid: number): number | null {
  return ticksAt(`/proc/${pid}/stat`);
}

export type CpuMeter = {
  /** Starts measuring: the result stops and gives the CPU time (ms) used meanwhile. */
  start(): Promise<() => Promise<number>>;
  close(): Promise<void>;
};

/**
 * CPU time of the PostgreSQL backends serving the connections named `applicationName`, read from /proc
 * (10 ms ticks). Only when PostgreSQL runs on this machine (a loopback URL whose backends are visible as
 * `postgres` processes); otherwise null. Backends that start during a measurement count in full, ones
 * that exit during it are lost (pg's pool keeps idle connections 10 s, longer than a round).
 */
export async function postgresBackendCpu(url: string, applicationName: string): Promise<CpuMeter | null> {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname)) return null;
  const monitor = new pg.Client({ connectionString: url });
  await monitor.connect();
  try {
    const own = await monitor.query<{ pid: number }>("select pg_backend_pid() as pid");
    const comm = readFileSync(`/proc/${own.rows[0]!.pid}/comm`, "utf8").trim();
    if (comm !== "postgres" || procTicks(own.rows[0]!.pid) === null) throw new Error("not a local backend");
  } catch {
    await monitor.end().catch(() => {});
    return null;
  }
  const pids = async () =>
    (await monitor.query<{ pid: number }>("select pid from pg_stat_activity where application_name = $1", [applicationName]))
      .rows.map((r) => r.pid);
  return {
    async start() {
      const before = new Map<number, number>();
      for (const pid of await pids()) before.set(pid, procTicks(pid) ?? 0);
      return async () => {
        let ticks = 0;
        for (const pid of new Set([...before.keys(), ...(await pids())])) {
          const now = procTicks(pid);
          if (now !== null) ticks += now - (before.get(pid) ?? 0);
        }
        return ticks * 10;
      };
    },
    close: () => monitor.end(),
  };
}

/**
 * `concurrency` workers each run `task` back to back until `durationMs` has passed; `task` gets a
 * sequence number unique within the run. Every operation must succeed (a failure aborts the run), so
 * a fast failure can never pass for throughput.
 */
export async function runConcurrent(opts: {
  concurrency: number;
  durationMs: number;
  task: (seq: number) => Promise<void>;
  /** Also measure the PostgreSQL backends' CPU time. */
  meter?: CpuMeter | null;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let seq = 0;
  const stopPg = opts.meter ? await opts.meter.start() : null;
  const cpu = mainThreadCpu();
  const start = performance.now();
  const deadline = start + opts.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await opts.task(seq++);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  const cpuMs = cpu();
  const pgCpuMs = stopPg ? await stopPg() : undefined;
  latencies.sort((a, b) => a - b);
  return {
    ...(pgCpuMs === undefined ? {} : { pgCpuUsPerOp: (pgCpuMs * 1000) / latencies.length }),
    ops: latencies.length,
    elapsedMs,
    opsPerSec: (latencies.length * 1000) / elapsedMs,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuUsPerOp: (cpuMs * 1000) / latencies.length,
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Several rounds of one measurement, combined: total operations over total time; percentiles are the
 * median of the rounds' (the rounds are equally long); CPU time per operation over all operations.
 */
export function combine(runs: LoadResult[]): LoadResult {
  const ops = runs.reduce((s, r) => s + r.ops, 0);
  const elapsedMs = runs.reduce((s, r) => s + r.elapsedMs, 0);
  const cpuUs = runs.reduce((s, r) => s + r.cpuUsPerOp * r.ops, 0);
  const pgCpuUs = runs.every((r) => r.pgCpuUsPerOp !== undefined)
    ? runs.reduce((s, r) => s + r.pgCpuUsPerOp! * r.ops, 0)
    : undefined;
  return {
    ...(pgCpuUs === undefined ? {} : { pgCpuUsPerOp: pgCpuUs / ops }),
    ops,
    elapsedMs,
    opsPerSec: (ops * 1000) / elapsedMs,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuUsPerOp: cpuUs / ops,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "0.41–0.55": the range of per-round ratios, to show how steady a ratio was. */
export function spread(values: number[]): string {
  return `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
}

// ---------------------------------------------------------------------------------------------
// Output

export function machine() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** 1-minute load average ÷ cores: above ~1, other work on the machine is making the figures noisy. */
export function loadPerCore(): number {
  return Math.round((loadavg()[0]! / Math.max(1, cpus().length)) * 100) / 100;
}

export function formatNumber(n: number | undefined, unit = ""): string {
  if (n === undefined || Number.isNaN(n)) return "";
  if (unit === "ratio") return n.toFixed(2);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en-US");
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** A plain fixed-width table: first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
