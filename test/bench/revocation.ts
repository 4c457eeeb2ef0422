// (f) How long a revocation takes to reach another instance: two app instances over one PostgreSQL
// database (each its own key cache, as two processes have), instance B listening on the key-cache
// channel. Each round provisions, lets B cache the key (GET /v1/me), cancels the provision on A and
// times, from the start of A's cancel request, until B has dropped the key (its listener applied the
// notification) and until B refuses the key. The baseline is what bounded it before: the cache TTL.
import { performance } from "node:perf_hooks";
import { createApp } from "../../src/app.js";
import { makeDeps } from "../../src/deps.js";
import { startKeyCacheListener } from "../../src/entry/key-cache-listener.js";
import { createLogger } from "../../src/logger.js";
import type { Invalidation } from "../../src/services/key-cache-sync.js";
import {
  benchDeps,
  LIMITS_OUT_OF_REACH,
  median,
  percentile,
  postgresDatabase,
  seedOrganization,
  SEALING,
  SIGNING,
  type BenchContext,
  type BenchRow,
} from "./support.js";

const ROUNDS = 50;
export const REVOCATION_TARGET_MS = 1000;

export async function benchRevocation(ctx: BenchContext): Promise<BenchRow[]> {
  if (!ctx.databaseUrl) throw new Error("needs PostgreSQL");
  const database = await postgresDatabase(ctx.databaseUrl, 10);
  // A channel of this run's own (the schema's name), so other runs on the same database are not heard.
  const channel = `handoff_key_cache_${database.schema}`;
  const seedDeps = benchDeps(database.db, LIMITS_OUT_OF_REACH);
  const instance = () => {
    const deps = makeDeps({ db: database.db, config: seedDeps.config, signingSecrets: SIGNING, sealingKeys: SEALING, logger: createLogger("silent"), keyCacheChannel: channel });
    return { deps, app: createApp(deps) };
  };
  const a = instance();
  const b = instance();
  const listener = startKeyCacheListener({ url: ctx.databaseUrl, channel: channel, cache: b.deps.keyCache, logger: createLogger("silent") });
  try {
    await listener.ready;
    const seed = await seedOrganization(seedDeps);
    const admin = { authorization: `Bearer ${seed.adminKey}` };
    const toDropped: number[] = [];
    const toRefused: number[] = [];
    const afterResponse: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const created = await a.app.request("/v1/team/provisions", { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: "{}" });
      const p = (await created.json()) as { id: string; projectId: string; apiKey: string };
      const me = () => b.app.request("/v1/me", { headers: { authorization: `Bearer ${p.apiKey}` } });
      if ((await me()).status !== 200) throw new Error("B did not serve the fresh key");
      const dropped = new Promise<number>((resolve) => {
        const on = (inv: Invalidation) => {
          if (!inv.projects?.includes(p.projectId)) return;
          listener.events.off("invalidated", on);
          resolve(performance.now());
        };
        listener.events.on("invalidated", on);
      });
      const t0 = performance.now();
      const cancelled = await a.app.request(`/v1/team/provisions/${p.id}`, { method: "DELETE", headers: admin });
      const answered = performance.now();
      if (cancelled.status !== 200) throw new Error(`cancel answered ${cancelled.status}`);
      const t1 = await dropped;
      const refused = await me();
      const t2 = performance.now();
      if (refused.status !== 401) throw new Error(`B still served the cancelled provision's key (${refused.status})`);
      toDropped.push(t1 - t0);
      toRefused.push(t2 - t0);
      afterResponse.push(t1 - answered);
    }
    const sorted = (v: number[]) => [...v].sort((x, y) => x - y);
    const ttl = seedDeps.config.keyCacheTtlMs;
    const row = (name: string, v: number[]): BenchRow => ({
      name,
      value: median(v),
      unit: "ms",
      baseline: ttl,
      ratio: ttl / Math.max(median(v), 0.001),
      note: `${name}: p50 ${median(v).toFixed(2)} ms, p99 ${percentile(sorted(v), 0.99).toFixed(2)} ms, max ${Math.max(...v).toFixed(2)} ms over ${ROUNDS} revocations.`,
    });
    return [
      row("cancel on A → B's listener drops the key (median)", toDropped),
      {
        ...row("cancel on A → B refuses the key (median)", toRefused),
        note:
          `${ROUNDS} rounds: provision on A, GET /v1/me on B (cached), DELETE the provision on A; timed from the start of A's ` +
          `request. Baseline: the key-cache TTL that bounded it before (KEY_CACHE_TTL_MS=${ttl}). p99 ${percentile(sorted(toRefused), 0.99).toFixed(2)} ms, ` +
          `max ${Math.max(...toRefused).toFixed(2)} ms (target: under ${REVOCATION_TARGET_MS} ms).`,
      },
      {
        name: "A's answer → B drops the key (median; negative: before A's answer)",
        value: median(afterResponse),
        unit: "ms",
        note: `NOTIFY leaves with the commit, often before A has sent its answer. p99 ${percentile(sorted(afterResponse), 0.99).toFixed(2)} ms.`,
      },
      {
        name: "cancel on A → B refuses: p99 within the target",
        value: percentile(sorted(toRefused), 0.99),
        unit: "ms",
        baseline: REVOCATION_TARGET_MS,
        ratio: REVOCATION_TARGET_MS / Math.max(percentile(sorted(toRefused), 0.99), 0.001),
        target: 1,
      },
    ];
  } finally {
    await listener.close();
    await seedDeps.settle();
    await database.close();
  }
}
