// (d) The sweeper at scale, on PostgreSQL: 100,000 expired provisions (seeded in bulk with SQL, not
// through the API), swept the way production sweeps them — sweep() with the configured batch size, one
// transaction per batch, SKIP LOCKED — against a hand-written set-based SQL transaction doing the same
// work on the same rows seeded again the same way: mark them expired, delete keys, agents, projects,
// memberships and placeholder users, write one audit event each.
//
// Each side gets a freshly migrated schema of its own, seeded and ANALYZEd before either is measured,
// so neither inherits the other's dead tuples and the two measurements run back to back (on a busy
// machine the load drifts between them less). The sweep runs as configured by default (SWEEP_BATCH_SIZE
// rows per transaction, SWEEP_CONCURRENCY transactions at a time, one connection each).
//
// Wall-clock rows/s is the figure held to the target. Beside it, the CPU each side spent (PostgreSQL
// backends + this process), which other work on the machine disturbs far less; it needs a local server
// (/proc) and is left out otherwise.
//
// Memory: RSS and V8 heap sampled every 50 ms while the sweep runs; the figure is the peak above the
// level just before it started. Flat means it does not grow with the number of rows (each worker holds
// one batch of ids at a time), so it is held to a fixed budget of 50 MB.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sql, type Kysely } from "kysely";
import { loadConfig } from "../../src/config.js";
import { createOrganization } from "../../src/services/bootstrap.js";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { seedPendingProvisions, seededLeftovers } from "../flows/support/bulk-seed.js";
import {
  benchDeps,
  defaultDatabaseUrl,
  postgresDatabase,
  ratioRow,
  type BenchContext,
  type BenchDatabase,
  type BenchRow,
} from "./support.js";

const ROWS = 100_000;
export const SWEEP_RATIO_TARGET = 0.5;
const MEMORY_BUDGET_MB = 50;
const SAMPLE_EVERY_MS = 50;
const MB = 1024 * 1024;

type Prepared = { database: BenchDatabase; tag: string; now: Date };
type Measured = { ms: number; cpuMs: number | null };

/** A fresh schema with ROWS pending provisions that expired an hour ago. */
async function prepare(url: string, connections: number, log: (line: string) => void): Promise<Prepared> {
  const database = await postgresDatabase(url, connections);
  const now = new Date();
  const org = await createOrganization(database.db, { organizationName: "Bench Inc", publicUrl: "http://handoff.bench", now });
  const t0 = performance.now();
  const { tag } = await seedPendingProvisions(database.db, {
    organizationId: org.organizationId,
    count: ROWS,
    createdAt: new Date(now.getTime() - 8 * 24 * 3600 * 1000),
    expiresAt: new Date(now.getTime() - 3600 * 1000),
  });
  await sql`analyze`.execute(database.db);
  log(`  seeded ${ROWS.toLocaleString("en-US")} expired provisions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { database, tag, now };
}

async function assertNothingLeft(p: Prepared, who: string) {
  const left = await seededLeftovers(p.database.db, p.tag);
  if (Object.values(left).some((n) => n !== 0)) throw new Error(`${who} left rows behind: ${JSON.stringify(left)}`);
}

/**
 * CPU time (ms) of the PostgreSQL backends serving `db`'s pool (`connections` of them, opened here)
 * plus this process, from now; null when the server's processes are not visible (a remote server).
 */
async function cpuMeter(db: Kysely<any>, connections: number): Promise<() => number | null> {
  // Queries in flight together hold every connection of the pool at once: one pid each.
  const pids = await Promise.all(
    Array.from({ length: connections }, async () => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(db);
      return rows[0]!.pid;
    }),
  );
  const ticksOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, 100 Hz ticks
  };
  const ticks = () => [...new Set(pids)].reduce((sum, pid) => sum + ticksOf(pid), 0);
  let start: number;
  try {
    start = ticks();
  } catch {
    return () => null;
  }
  const own = process.cpuUsage();
  return () => {
    const mine = process.cpuUsage(own);
    return ticks() - start + (mine.user + mine.system) / 1000;
  };
}

/**
 * Peak growth of RSS and heap above the level at start, sampled on a timer while `work` runs; and how
 * much higher RSS peaked in the second half of the run than in the first (about zero when memory is
 * flat: it settles and does not grow with the rows swept).
 */
export async function withMemorySampling<T>(work: () => Promise<T>) {
  const start = process.memoryUsage();
  const t0 = performance.now();
  const samples: { at: number; rss: number; heapUsed: number }[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({ at: performance.now() - t0, rss: m.rss, heapUsed: m.heapUsed });
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  try {
    const result = await work();
    sample();
    const total = performance.now() - t0;
    const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
    const early = samples.filter((x) => x.at <= total / 2).map((x) => x.rss);
    const late = samples.filter((x) => x.at > total / 2).map((x) => x.rss);
    return {
      result,
      rssGrowthMb: (max(samples.map((x) => x.rss)) - start.rss) / MB,
      heapGrowthMb: (max(samples.map((x) => x.heapUsed)) - start.heapUsed) / MB,
      lateRssGrowthMb: early.length && late.length ? (max(late) - max(early)) / MB : 0,
    };
  } finally {
    clearInterval(timer);
  }
}

async function runSweep(p: Prepared, log: (line: string) => void) {
  const deps = benchDeps(p.database.db);
  const cpu = await cpuMeter(p.database.db, deps.config.sweepConcurrency);
  const t0 = performance.now();
  const measured = await withMemorySampling(() => sweep(deps, { now: p.now, timeBudgetMs: 3_600_000 }));
  const result: Measured = { ms: performance.now() - t0, cpuMs: cpu() };
  const r = measured.result;
  if (r.expired !== ROWS || !r.complete) throw new Error(`the sweep expired ${r.expired} of ${ROWS} (complete: ${r.complete})`);
  await assertNothingLeft(p, "the sweep");
  log(
    `  sweep: ${(result.ms / 1000).toFixed(2)} s, ${r.batches} batches of ≤ ${deps.config.sweepBatchSize}, ` +
      `${deps.config.sweepConcurrency} at a time` +
      `${result.cpuMs === null ? "" : `, ${(result.cpuMs / 1000).toFixed(2)} s CPU`}; ` +
      `peak growth RSS ${measured.rssGrowthMb.toFixed(1)} MB (second half over first: ` +
      `${measured.lateRssGrowthMb.toFixed(1)} MB), heap ${measured.heapGrowthMb.toFixed(1)} MB`,
  );
  return {
    ...result,
    batchSize: deps.config.sweepBatchSize,
    concurrency: deps.config.sweepConcurrency,
    rssGrowthMb: measured.rssGrowthMb,
    heapGrowthMb: measured.heapGrowthMb,
    lateRssGrowthMb: measured.lateRssGrowthMb,
  };
}

/** What an operator would write by hand: the same work, set-based, in one transaction. */
async function runBulkSql(p: Prepared, log: (line: string) => void): Promise<Measured> {
  const now = p.now;
  const cpu = await cpuMeter(p.database.db, 1);
  const t0 = performance.now();
  await p.database.db.transaction().execute(async (trx) => {
    await sql`
      update provisions set status = 'expired', expired_at = expires_at, resources_deleted_at = ${now}, updated_at = ${now}
      where status = 'pending' and expires_at <= ${now}`.execute(trx);
    await sql`
      create temp table doomed on commit drop as
      select id, organization_id, user_id, project_id, agent_id, api_key_id, expires_at
      from provisions where status = 'expired' and resources_deleted_at = ${now}`.execute(trx);
    await sql`analyze doomed`.execute(trx);
    await sql`delete from api_keys where project_id in (select project_id from doomed)`.execute(trx);
    await sql`delete from agents where project_id in (select project_id from doomed)`.execute(trx);
    await sql`delete from projects p using doomed d where p.id = d.project_id and p.owner_user_id = d.user_id`.execute(trx);
    await sql`
      delete from memberships m using users u, doomed d
      where m.user_id = u.id and u.id = d.user_id and u.status = 'placeholder'`.execute(trx);
    await sql`delete from users u using doomed d where u.id = d.user_id and u.status = 'placeholder'`.execute(trx);
    await sql`
      insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, metadata, created_at)
      select 'evt_' || substr(md5(random()::text || d.id), 1, 21), d.organization_id, 'system', 'sweeper',
             'provision.expired', 'provision', d.id,
             jsonb_build_object('expiresAt', d.expires_at, 'userId', d.user_id, 'projectId', d.project_id,
                                'agentId', d.agent_id, 'apiKeyId', d.api_key_id),
             ${now}
      from doomed d`.execute(trx);
  });
  const result: Measured = { ms: performance.now() - t0, cpuMs: cpu() };
  await assertNothingLeft(p, "the bulk SQL");
  log(`  bulk SQL: ${(result.ms / 1000).toFixed(2)} s${result.cpuMs === null ? "" : `, ${(result.cpuMs / 1000).toFixed(2)} s CPU`}`);
  return result;
}

export async function benchSweep(ctx: Partial<BenchContext> = {}): Promise<BenchRow[]> {
  const url = ctx.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? defaultDatabaseUrl;
  const log = ctx.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The sweep gets a connection per worker (its pool in production is the app's, default 10).
  const forSweep = await prepare(url, loadConfig({}).sweepConcurrency, log);
  let forBulk: Prepared | undefined;
  try {
    forBulk = await prepare(url, 1, log);
    const swept = await runSweep(forSweep, log);
    const bulk = await runBulkSql(forBulk, log);
    return rows(swept, bulk);
  } finally {
    await forSweep.database.close();
    await forBulk?.database.close();
  }
}

function rows(swept: Awaited<ReturnType<typeof runSweep>>, bulk: Measured): BenchRow[] {
  const perSec = (ms: number) => (ROWS * 1000) / ms;
  const memoryRow = (name: string, growthMb: number, note?: string): BenchRow => ({
    name,
    value: Math.max(0, growthMb),
    unit: "MB",
    baseline: MEMORY_BUDGET_MB,
    // Lower is better here: the ratio is the budget over the growth, so ≥ 1 means within budget.
    ratio: MEMORY_BUDGET_MB / Math.max(growthMb, 0.1),
    target: 1,
    ...(note ? { note } : {}),
  });
  const out: BenchRow[] = [
    ratioRow({
      name: "sweep 100k expired provisions",
      value: perSec(swept.ms),
      unit: "rows/s",
      baseline: perSec(bulk.ms),
      target: SWEEP_RATIO_TARGET,
      note:
        `sweep() as configured by default: batches of ${swept.batchSize}, ${swept.concurrency} at a time (one ` +
        "transaction each, SKIP LOCKED, an audit event per row) ÷ one " +
        "hand-written set-based SQL transaction doing the same work on the same rows, each on a fresh schema seeded alike.",
    }),
  ];
  if (swept.cpuMs !== null && bulk.cpuMs !== null) {
    out.push(
      ratioRow({
        name: "sweep 100k, per CPU second",
        value: (ROWS * 1000) / swept.cpuMs,
        unit: "rows/CPU-s",
        baseline: (ROWS * 1000) / bulk.cpuMs,
        note: "CPU of the PostgreSQL backends plus this process: steadier than wall time when the machine is busy.",
      }),
    );
  }
  out.push(
    memoryRow(
      "sweep peak RSS growth",
      swept.rssGrowthMb,
      `Sampled every ${SAMPLE_EVERY_MS} ms during the sweep, above the level at its start; baseline = the ` +
        `${MEMORY_BUDGET_MB} MB budget, ratio = budget ÷ growth (≥ 1 is within it).`,
    ),
    memoryRow("sweep peak heap growth", swept.heapGrowthMb),
    {
      name: "sweep RSS growth, 2nd half over 1st",
      value: swept.lateRssGrowthMb,
      unit: "MB",
      note: "Peak RSS in the second half of the sweep minus the peak in its first half: about 0 when memory is flat.",
    },
  );
  return out;
}
