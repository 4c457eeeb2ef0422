// (b) and (c): provisions per second through Handoff ÷ the same seven inserts (user, membership,
// project, agent, api key, provision, audit event) done as one raw SQL transaction straight through the
// driver (`pg` on PostgreSQL, the PGlite client's own transaction API on PGlite). Same concurrency for
// all, fixed time per run, measured alternately round after round.
//
// The figure held to the target is the full route, `POST /v1/team/provisions` through `app.request`
// in-process: admin-key authentication (cached, as in production), body validation, the transaction,
// key generation and hashing, claim-link signing and the JSON response — everything our code costs per
// provision except the socket, which the raw baseline does not pay either. `createProvision` alone in a
// transaction (what the route calls) is reported beside it to split service cost from HTTP-layer cost.
import { randomBytes, randomUUID } from "node:crypto";
import { createApp, type App } from "../../src/app.js";
import { contextOf } from "../../src/domain/actors.js";
import { DEFAULT_AGENT } from "../../src/domain/agents.js";
import { EXPIRES_IN } from "../../src/domain/provision-rules.js";
import { createProvision } from "../../src/services/provisions/create.js";
import { migrateToLatest } from "../../db/migrate.js";
import { pgbench, pgbenchAvailable, type Pgbench } from "./pgbench.js";
import type { Database } from "../../db/schema.js";
import {
  benchDeps,
  combine,
  costRows,
  LIMITS_OUT_OF_REACH,
  postgresBackendCpu,
  postgresDatabase,
  rawPool,
  ratioRow,
  median,
  rounds,
  runConcurrent,
  seedOrganization,
  spread,
  type BenchContext,
  type BenchDatabase,
  type BenchDeps,
  type BenchRow,
  type CpuMeter,
  type LoadResult,
  type SeededOrg,
} from "./support.js";

const CONCURRENCY = 8;
const WARMUP_MS = 1000;
export const PROVISIONING_TARGET = 0.5;
/** Issue 17: the route at half pgbench's rate or better. */
export const PGBENCH_TARGET = 0.5;

type Mode = "raw" | "service" | "route";
type Runner = (seq: number) => Promise<void>;

export function provisioningOnPostgres(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.databaseUrl) throw new Error("needs PostgreSQL");
  const url = ctx.databaseUrl;
  return provisioning(ctx, "PostgreSQL", async () => {
    if (!(await pgbenchAvailable())) throw new Error("pgbench is not on PATH (it comes with PostgreSQL's client package)");
    // The app's pool as the Node entry point opens it (default 10); the raw baseline gets as many.
    const database = await postgresDatabase(url, 10);
    const pool = rawPool(url, database.schema!, 10);
    const raw: RawExecutor = {
      describe: "pg Pool (10 connections, like the app's), begin + 7 parameterized inserts + commit on one client",
      transaction: async (statements) => {
        const client = await pool.connect();
        try {
          await client.query("begin");
          for (const [text, values] of statements) await client.query(text, values);
          await client.query("commit");
        } catch (err) {
          await client.query("rollback").catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
    // The C baseline: the same transaction from pgbench, as many connections as the app's workers.
    const cBaseline = (seed: SeededOrg) =>
      pgbench({
        url,
        schema: database.schema!,
        applicationName: database.applicationName!,
        clients: CONCURRENCY,
        organizationId: seed.organizationId,
        adminKeyId: seed.admin.keyId,
      });
    return { database, raw, pgbench: cBaseline };
  });
}

export function provisioningOnPglite(ctx: BenchContext): Promise<BenchRow[]> {
  return provisioning(ctx, "PGlite", async () => {
    // One in-memory instance for both sides, opened exactly as db/connect.ts opens PGlite (PGlite.create +
    // PGliteDialect), because the handle connectDatabase returns does not expose the client the raw
    // baseline needs. Sharing it means both sides write into the same tables of the same size.
    const [{ PGlite }, { PGliteDialect }, { Kysely }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("kysely-pglite-dialect"),
      import("kysely"),
    ]);
    const client = await PGlite.create("memory://");
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    await migrateToLatest(db);
    const database: BenchDatabase = { db, engine: "pglite", schema: null, close: () => db.destroy() };
    const raw: RawExecutor = {
      describe: "the same PGlite instance's client.transaction() with 7 parameterized tx.query inserts",
      transaction: async (statements) => {
        await client.transaction(async (tx) => {
          for (const [text, values] of statements) await tx.query(text, values);
        });
      },
      close: async () => {}, // closed with the database
    };
    return { database, raw };
  });
}

type Opened = { database: BenchDatabase; raw: RawExecutor; pgbench?: (seed: SeededOrg) => Pgbench };

type RawExecutor = {
  describe: string;
  transaction(statements: [string, unknown[]][]): Promise<void>;
  close(): Promise<void>;
};

async function provisioning(
  ctx: BenchContext,
  engine: string,
  open: () => Promise<Opened>,
): Promise<BenchRow[]> {
  const { database, raw, pgbench: openPgbench } = await open();
  let c: Pgbench | null = null;
  const deps = benchDeps(database.db, LIMITS_OUT_OF_REACH);
  let meter: CpuMeter | null = null;
  try {
    if (ctx.databaseUrl && database.applicationName) meter = await postgresBackendCpu(ctx.databaseUrl, database.applicationName);
    const seed = await seedOrganization(deps);
    const app = createApp(deps);
    const runners: Record<Mode, Runner> = {
      raw: rawRunner(raw, seed),
      service: serviceRunner(deps, seed),
      route: routeRunner(app, seed),
    };
    const modes: Mode[] = ["raw", "service", "route"];
    for (const mode of modes) await runConcurrent({ concurrency: CONCURRENCY, durationMs: WARMUP_MS, task: runners[mode] });
    c = openPgbench ? openPgbench(seed) : null;
    const cRuns: LoadResult[] = [];
    const runC = async (pgbenchRun: Pgbench, seconds: number) => {
      const r = await pgbenchRun.run(seconds);
      return {
        ops: r.transactions,
        elapsedMs: r.seconds * 1000,
        opsPerSec: r.tps,
        p50Ms: r.latencyMs ?? NaN, // pgbench reports the average
        p99Ms: NaN,
        cpuUsPerOp: 0, // pgbench runs in its own process: no app thread
      } satisfies LoadResult;
    };
    if (c) await c.run(1);

    const plan = rounds(ctx.durationMs);
    const runs: Record<Mode, LoadResult[]> = { raw: [], service: [], route: [] };
    for (let round = 0; round < plan.count; round++) {
      // Alternate the order so drift (table growth, autovacuum, other work) does not favour one path.
      const order = round % 2 === 0 ? modes : [...modes].reverse();
      const line: string[] = [];
      for (const mode of order) {
        const r = await runConcurrent({ concurrency: CONCURRENCY, durationMs: plan.eachMs, task: runners[mode], meter });
        runs[mode].push(r);
        line.push(`${mode} ${Math.round(r.opsPerSec)}/s`);
      }
      if (c) {
        // pgbench's -T is whole seconds: as long a round as the others, rounded.
        const r = await runC(c, plan.eachMs / 1000);
        cRuns.push(r);
        line.push(`pgbench ${Math.round(r.opsPerSec)}/s`);
      }
      ctx.log(`  round ${round + 1}/${plan.count}: ${line.join(", ")}`);
    }
    await verifyCounts(deps, seed, runs);

    const all = { raw: combine(runs.raw), service: combine(runs.service), route: combine(runs.route) };
    const perRound = (mode: Mode) => runs[mode].map((r, i) => r.opsPerSec / runs.raw[i]!.opsPerSec);
    const label: Record<Mode, string> = {
      raw: "raw SQL transaction, 7 inserts (baseline)",
      service: "createProvision in a transaction (service)",
      route: "POST /v1/team/provisions (app.request)",
    };
    const rows: BenchRow[] = [];
    for (const mode of modes) {
      const r = all[mode];
      rows.push(
        mode === "raw"
          ? {
              name: `${engine}: ${label.raw}`,
              value: r.opsPerSec,
              unit: "prov/s",
              note:
                `${engine}: ${CONCURRENCY} concurrent workers for every path, ${plan.count} alternating rounds of ` +
                `${(plan.eachMs / 1000).toFixed(1)} s per path after a ${WARMUP_MS / 1000} s warm-up. Held to the target: ` +
                `POST /v1/team/provisions via app.request in-process (admin-key auth, validation, transaction, key and ` +
                `claim-link crypto, JSON response: all our cost but the socket); "createProvision" is the service alone. ` +
                `Baseline: ${raw.describe}.`,
            }
          : ratioRow({
              name: `${engine}: ${label[mode]}`,
              value: r.opsPerSec,
              unit: "prov/s",
              baseline: all.raw.opsPerSec,
              ...(mode === "route" ? { target: PROVISIONING_TARGET } : {}),
              note: `${engine} ${mode} ÷ raw per round: ${spread(perRound(mode))} (median ${median(perRound(mode)).toFixed(2)}).`,
            }),
        { name: `${engine}: ${mode} p50 latency`, value: r.p50Ms, unit: "ms" },
        { name: `${engine}: ${mode} p99 latency`, value: r.p99Ms, unit: "ms" },
        ...costRows(`${engine}: ${mode}`, r, mode === "raw" ? null : all.raw, "provision"),
      );
    }
    if (cRuns.length) rows.push(...pgbenchRows(engine, cRuns, runs, all));
    return rows;
  } finally {
    await meter?.close();
    c?.close();
    await deps.settle();
    await raw.close();
    await database.close();
  }
}

/**
 * The C client's rows: its rate, and every Node path ÷ it (route ÷ pgbench is issue 17's figure, target
 * PGBENCH_TARGET). pgbench's backends are not metered: they start and exit within the round, and the
 * meter only sees backends alive at its start or end.
 */
function pgbenchRows(engine: string, cRuns: LoadResult[], runs: Record<Mode, LoadResult[]>, all: Record<Mode, LoadResult>): BenchRow[] {
  const c = combine(cRuns);
  const perRound = (mode: Mode) => runs[mode].map((r, i) => r.opsPerSec / cRuns[i]!.opsPerSec);
  const rows: BenchRow[] = [
    {
      name: `${engine}: pgbench, the same 7 inserts (C client baseline)`,
      value: c.opsPerSec,
      unit: "prov/s",
      note: `pgbench -M extended (bound parameters, like pg), ${CONCURRENCY} connections, 2 threads, the custom script in test/bench/pgbench.ts; its latency row is pgbench's average.`,
    },
    { name: `${engine}: pgbench average latency`, value: c.p50Ms, unit: "ms" },
  ];
  for (const mode of ["raw", "route"] as const) {
    rows.push(
      ratioRow({
        name: `${engine}: ${mode === "raw" ? "raw pg transaction" : "POST /v1/team/provisions"} ÷ pgbench`,
        value: all[mode].opsPerSec,
        unit: "prov/s",
        baseline: c.opsPerSec,
        ...(mode === "route" ? { target: PGBENCH_TARGET } : {}),
        note: `${engine} ${mode} ÷ pgbench per round: ${spread(perRound(mode))} (median ${median(perRound(mode)).toFixed(2)}).`,
      }),
    );
  }
  return rows;
}

function serviceRunner(deps: BenchDeps, seed: SeededOrg): Runner {
  const run = randomUUID().slice(0, 8);
  return async (seq) => {
    await createProvision(deps, contextOf(seed.admin, `req_bench_${run}_${seq}`), {
      role: "member",
      skipOnboarding: true,
      name: `Bench ${run} ${seq}`,
      email: `bench-${run}-${seq}@example.com`,
    });
  };
}

function routeRunner(app: App, seed: SeededOrg): Runner {
  const run = randomUUID().slice(0, 8);
  return async (seq) => {
    const body = JSON.stringify({ name: `Bench ${run} ${seq}`, email: `bench-${run}-${seq}@example.com` });
    const res = await app.request("/v1/team/provisions", {
      method: "POST",
      // content-length as any HTTP client sends it (the body limit then need not stream the body).
      headers: {
        authorization: `Bearer ${seed.adminKey}`,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
      },
      body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /v1/team/provisions answered ${res.status}: ${text}`);
  };
}

/** The seven inserts createProvision makes, with values of the same shape, as parameterized SQL. */
function rawRunner(raw: RawExecutor, seed: SeededOrg): Runner {
  const run = randomUUID().slice(0, 8);
  const org = seed.organizationId;
  const id = (prefix: string) => `${prefix}_${randomBytes(16).toString("base64url").slice(0, 21)}`;
  return async (seq) => {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + EXPIRES_IN.default * 1000);
    const user = id("usr");
    const project = id("prj");
    const agent = id("agt");
    const key = id("key");
    const provision = id("prv");
    const name = `Bench ${run} ${seq}`;
    const email = `bench-${run}-${seq}@example.com`;
    const projectName = `${name}'s project`;
    await raw.transaction([
      [
        "insert into users (id, status, name, email, password_hash, created_at, updated_at) values ($1, 'placeholder', $2, $3, null, $4, $4)",
        [user, name, email, now],
      ],
      [
        "insert into memberships (organization_id, user_id, role, created_at) values ($1, $2, 'member', $3)",
        [org, user, now],
      ],
      [
        "insert into projects (id, organization_id, owner_user_id, name, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)",
        [project, org, user, projectName, now],
      ],
      [
        "insert into agents (id, organization_id, project_id, name, identifier, is_default, created_at, updated_at) values ($1, $2, $3, $4, $5, true, $6, $6)",
        [agent, org, project, DEFAULT_AGENT.name, DEFAULT_AGENT.identifier, now],
      ],
      [
        "insert into api_keys (id, organization_id, kind, project_id, agent_id, name, display_prefix, secret_hash, scopes, expires_at, created_at) values ($1, $2, 'project', $3, $4, 'Provisioned key', $5, $6, '[]', null, $7)",
        [key, org, project, agent, "hnd_bench000", randomBytes(32).toString("hex"), now],
      ],
      [
        "insert into provisions (id, organization_id, status, role, skip_onboarding, name, email, project_name, metadata, user_id, project_id, agent_id, api_key_id, claim_nonce_hash, expires_at, created_by_type, created_by_id, created_at, updated_at) values ($1, $2, 'pending', 'member', true, $3, $4, $5, null, $6, $7, $8, $9, $10, $11, 'admin_key', $12, $13, $13)",
        [provision, org, name, email, projectName, user, project, agent, key, randomBytes(32).toString("hex"), expiresAt, seed.admin.keyId, now],
      ],
      [
        "insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, request_id, metadata, created_at) values ($1, $2, 'admin_key', $3, 'provision.created', 'provision', $4, $5, $6, $7)",
        [
          id("evt"),
          org,
          seed.admin.keyId,
          provision,
          `req_bench_${run}_${seq}`,
          JSON.stringify({ role: "member", userId: user, projectId: project, agentId: agent, apiKeyId: key }),
          now,
        ],
      ],
    ]);
  };
}

/** Every counted service/route provision is really in the database, whole (a cheap honesty check). */
async function verifyCounts(deps: BenchDeps, seed: SeededOrg, runs: Record<Mode, LoadResult[]>) {
  const row = await deps.db
    .selectFrom("provisions")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("organization_id", "=", seed.organizationId)
    .executeTakeFirstOrThrow();
  const inDb = Number(row.n);
  // Counted runs only; warm-ups and the seed's own provision also wrote rows.
  const counted = [...runs.service, ...runs.route].reduce((s, r) => s + r.ops, 0);
  if (inDb < counted) throw new Error(`only ${inDb} provisions in the database for ${counted} counted`);
}
