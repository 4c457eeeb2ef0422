// (a) Authenticated `GET /v1/me` throughput ÷ a bare route's (`GET /healthz`) on the same real HTTP
// server (@hono/node-server on 127.0.0.1, an ephemeral port) over PostgreSQL. wrk (32 connections, the
// issue's own method) drives the load where it is installed; otherwise autocannon from a worker thread,
// whose own cost per request is about the server's, so it lowers the ratio. The endpoints are measured
// alternately in short rounds, so bursts of load from elsewhere hit them alike.
//
// Two diagnostic endpoints split /v1/me's cost: one has exactly /v1/me's middleware chain (request id,
// deps, secure headers, body limit, project-key check with its counting and RateLimit fields) and an
// empty handler; the other only checks the key (no counting, no fields). Each endpoint also reports the
// server's main-thread CPU time per request (the load generator runs in its own process and is not
// counted), and a note gives the differences: key check, counting with its fields, /v1/me's handler.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import autocannon, { type Result } from "autocannon";
import { createApp } from "../../src/app.js";
import { requireProjectKey } from "../../src/http/auth.js";
import { verifyApiKey } from "../../src/services/key-verification.js";
import {
  benchDeps,
  costRows,
  LIMITS_OUT_OF_REACH,
  mainThreadCpu,
  median,
  postgresBackendCpu,
  postgresDatabase,
  ratioRow,
  rounds,
  seedOrganization,
  spread,
  type BenchContext,
  type BenchRow,
  type CpuMeter,
} from "./support.js";
import { wrk, wrkAvailable } from "./wrk.js";

const WRK_CONNECTIONS = 32;
const AUTOCANNON_CONNECTIONS = 10;
const WARMUP_SECONDS = 1;
export const AUTH_TARGET = 0.85;

type Client = "wrk" | "autocannon";

type Endpoint = { id: string; label: string; path: string; headers: Record<string, string> };

type Measured = {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerOp: number;
  pgCpuUsPerOp?: number;
};

export async function authOverhead(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.databaseUrl) throw new Error("needs PostgreSQL");
  const database = await postgresDatabase(ctx.databaseUrl, 10);
  const deps = benchDeps(database.db, LIMITS_OUT_OF_REACH);
  let server: ReturnType<typeof serve> | undefined;
  let meter: CpuMeter | null = null;
  try {
    // The pool the Node entry point opens by default (DATABASE_POOL_SIZE=10).
    if (deps.config.databasePoolSize !== 10) throw new Error("the default pool size changed: update the benchmark");
    const seed = await seedOrganization(deps);
    meter = await postgresBackendCpu(ctx.databaseUrl, database.applicationName!);
    const app = createApp(deps);
    app.get("/v1/__bench/auth-only", requireProjectKey, (c) => c.json({ ok: true }));
    // Synchronous on a cache hit, like the project-key middleware it is compared with.
    app.get("/v1/__bench/key-only", (c): Response | Promise<Response> => {
      const verified = verifyApiKey(deps, c.req.header("authorization")!.slice("Bearer ".length));
      return verified instanceof Promise ? verified.then(() => c.json({ ok: true })) : c.json({ ok: true });
    });
    const listening = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    server = listening;
    const base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const auth = { authorization: `Bearer ${seed.projectKey}` };
    const endpoints: Endpoint[] = [
      { id: "healthz", label: "GET /healthz (bare route)", path: "/healthz", headers: {} },
      { id: "me", label: "GET /v1/me (authenticated)", path: "/v1/me", headers: auth },
      { id: "auth-only", label: "auth-only route (diagnostic)", path: "/v1/__bench/auth-only", headers: auth },
      { id: "key-only", label: "key check only, no counting (diagnostic)", path: "/v1/__bench/key-only", headers: auth },
    ];

    // Each endpoint must answer 200 first: a fast 401 must never pass for throughput.
    for (const e of endpoints) {
      const res = await fetch(base + e.path, { headers: e.headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${e.path} answered ${res.status}: ${text}`);
    }
    const client: Client = (await wrkAvailable()) ? "wrk" : "autocannon";
    if (client === "autocannon") ctx.log("  wrk is not installed (apt-get install wrk): autocannon drives the load, and its own cost lowers the ratio");
    for (const e of endpoints) await load(client, base, e, WARMUP_SECONDS);

    const plan = rounds(ctx.durationMs);
    const runs = new Map<string, Measured[]>(endpoints.map((e) => [e.id, []]));
    for (let round = 0; round < plan.count; round++) {
      // Alternate the order so drift (caches, autovacuum, other work) does not favour one endpoint.
      const order = round % 2 === 0 ? endpoints : [...endpoints].reverse();
      const line: string[] = [];
      for (const e of order) {
        const m = await load(client, base, e, plan.eachMs / 1000, meter);
        runs.get(e.id)!.push(m);
        line.push(`${e.id} ${Math.round(m.reqPerSec)} req/s`);
      }
      ctx.log(`  round ${round + 1}/${plan.count}: ${line.join(", ")}`);
    }

    const bareRuns = runs.get("healthz")!;
    const bare = aggregate(bareRuns);
    // Per-round differences, then their median: the rounds ran back to back, so drift cancels.
    const above = (id: string, than: string) => {
      const a = runs.get(id)!, b = runs.get(than)!;
      return `${median(a.map((m, i) => m.cpuUsPerOp - b[i]!.cpuUsPerOp)).toFixed(1)} µs`;
    };
    const rows: BenchRow[] = [];
    for (const e of endpoints) {
      const list = runs.get(e.id)!;
      const m = aggregate(list);
      const perRound = list.map((r, i) => r.reqPerSec / bareRuns[i]!.reqPerSec);
      rows.push(
        e.id === "healthz"
          ? {
              name: `${e.label} throughput`,
              value: m.reqPerSec,
              unit: "req/s",
              note:
                `PostgreSQL; @hono/node-server on 127.0.0.1; ` +
                (client === "wrk" ? `wrk, ${WRK_CONNECTIONS} connections, 1 thread; ` : `autocannon in a worker thread, ${AUTOCANNON_CONNECTIONS} connections (wrk not installed); `) +
                `${plan.count} alternating rounds of ${(plan.eachMs / 1000).toFixed(1)} s per endpoint after a ` +
                `${WARMUP_SECONDS} s warm-up; every counted response was a 2xx${client === "autocannon" ? "; latency has autocannon's 1 ms resolution" : ""}.`,
            }
          : ratioRow({
              name: `${e.label} throughput`,
              value: m.reqPerSec,
              unit: "req/s",
              baseline: bare.reqPerSec,
              ...(e.id === "me" ? { target: AUTH_TARGET } : {}),
              note: `${e.label} ÷ /healthz per round: ${spread(perRound)} (median ${median(perRound).toFixed(2)}).`,
            }),
        { name: `${e.label} p50 latency`, value: m.p50Ms, unit: "ms" },
        { name: `${e.label} p99 latency`, value: m.p99Ms, unit: "ms" },
        ...costRows(e.label, m, e.id === "healthz" ? null : bare, "request"),
      );
    }
    rows[0]!.note +=
      ` Main-thread CPU (user + kernel) per request, median of the per-round differences: the key check adds ` +
      `${above("key-only", "healthz")} to /healthz, the counting with its RateLimit fields ${above("auth-only", "key-only")} ` +
      `more, /v1/me's handler ${above("me", "auth-only")} more.`;
    return rows;
  } finally {
    const open = server;
    if (open) {
      await new Promise<void>((resolve) => {
        open.close(() => resolve());
        if ("closeAllConnections" in open) open.closeAllConnections();
      });
    }
    await meter?.close();
    await deps.settle();
    await database.close();
  }
}

function aggregate(list: Measured[]): Measured {
  const requests = list.reduce((s, m) => s + m.requests, 0);
  const seconds = list.reduce((s, m) => s + m.seconds, 0);
  const cpuUsPerOp = list.reduce((s, m) => s + m.cpuUsPerOp * m.requests, 0) / requests;
  const pgCpuUsPerOp = list.every((m) => m.pgCpuUsPerOp !== undefined)
    ? list.reduce((s, m) => s + m.pgCpuUsPerOp! * m.requests, 0) / requests
    : undefined;
  return {
    requests,
    seconds,
    reqPerSec: requests / seconds,
    p50Ms: median(list.map((m) => m.p50Ms)),
    p99Ms: median(list.map((m) => m.p99Ms)),
    cpuUsPerOp,
    ...(pgCpuUsPerOp === undefined ? {} : { pgCpuUsPerOp }),
  };
}

async function load(client: Client, base: string, e: Endpoint, seconds: number, meter: CpuMeter | null = null): Promise<Measured> {
  const stopPg = meter ? await meter.start() : null;
  const cpu = mainThreadCpu();
  if (client === "wrk") {
    const run = await wrk({ url: base + e.path, headers: e.headers, connections: WRK_CONNECTIONS, seconds });
    const cpuMs = cpu();
    const pgCpuMs = stopPg ? await stopPg() : undefined;
    return {
      requests: run.requests,
      seconds: run.seconds,
      reqPerSec: run.requests / run.seconds,
      p50Ms: run.p50Ms,
      p99Ms: run.p99Ms,
      cpuUsPerOp: (cpuMs * 1000) / run.requests,
      ...(pgCpuMs === undefined ? {} : { pgCpuUsPerOp: (pgCpuMs * 1000) / run.requests }),
    };
  }
  const result: Result = await autocannon({
    url: base + e.path,
    headers: e.headers,
    connections: AUTOCANNON_CONNECTIONS,
    duration: seconds,
    workers: 1,
    timeout: 10,
  });
  const cpuMs = cpu();
  const pgCpuMs = stopPg ? await stopPg() : undefined;
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result["2xx"] === 0) {
    throw new Error(
      `${e.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `(status codes ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  return {
    requests: result["2xx"],
    seconds: result.duration,
    reqPerSec: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuUsPerOp: (cpuMs * 1000) / result["2xx"],
    ...(pgCpuMs === undefined ? {} : { pgCpuUsPerOp: (pgCpuMs * 1000) / result["2xx"] }),
  };
}
