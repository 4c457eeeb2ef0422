// (e) The Workers bundle: src/entry/worker.ts built exactly as `wrangler deploy` builds it (wrangler.toml:
// minified, nodejs_compat, the `fs` stub), with `--dry-run --outdir` so nothing is uploaded and no account
// is needed. Reports the size of worker.js raw and gzipped (our gzip at Node's default level; wrangler's
// own "Total Upload" figure, which is what Cloudflare's limits apply to, is in the note). No PostgreSQL.
import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { buildWorker } from "../workers/support.js";
import type { BenchContext, BenchRow } from "./support.js";

const KiB = 1024;
// Cloudflare's limits on a Worker's compressed size.
const FREE_PLAN_GZIP_LIMIT_KIB = 3 * 1024;
const PAID_PLAN_GZIP_LIMIT_KIB = 10 * 1024;

export async function benchBundleSize(ctx?: BenchContext): Promise<BenchRow[]> {
  ctx?.log("  building with wrangler deploy --dry-run …");
  const t0 = performance.now();
  const build = await buildWorker();
  const buildSeconds = (performance.now() - t0) / 1000;
  try {
    const raw = build.rawBytes / KiB;
    const gzip = build.gzipBytes / KiB;
    ctx?.log(`  worker.js: ${raw.toFixed(1)} KiB raw, ${gzip.toFixed(1)} KiB gzip (${build.wranglerSummary ?? "no wrangler summary"})`);
    return [
      {
        name: "worker bundle (worker.js), raw",
        value: raw,
        unit: "KiB",
        note: `wrangler deploy --dry-run, minified as wrangler.toml asks; wrangler reports "${build.wranglerSummary ?? "?"}"`,
      },
      {
        name: "worker bundle (worker.js), gzip",
        value: gzip,
        unit: "KiB",
        note:
          `${((gzip / FREE_PLAN_GZIP_LIMIT_KIB) * 100).toFixed(0)}% of the Workers Free plan limit ` +
          `(${FREE_PLAN_GZIP_LIMIT_KIB / 1024} MiB compressed; Paid: ${PAID_PLAN_GZIP_LIMIT_KIB / 1024} MiB)`,
      },
      { name: "wrangler build time", value: buildSeconds, unit: "s" },
    ];
  } finally {
    await rm(build.outdir, { recursive: true, force: true });
  }
}
