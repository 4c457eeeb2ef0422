// The Worker builds as a deploy would build it (`wrangler deploy --dry-run`), and what it carries fits
// Workers: no PGlite, no filesystem module, nothing imported that workerd does not provide.
import { rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorker, type WorkerBuild } from "./support.js";

// Workers' compressed size limit on the Free plan (the Paid plan allows 10 MiB).
const FREE_PLAN_GZIP_LIMIT = 3 * 1024 * 1024;

describe("the Workers bundle (wrangler deploy --dry-run)", () => {
  let build: WorkerBuild;

  beforeAll(async () => {
    build = await buildWorker();
  });
  afterAll(async () => {
    if (build) await rm(build.outdir, { recursive: true, force: true });
  });

  it("builds, within the Free plan's size limit", () => {
    expect(build.wranglerSummary).toMatch(/Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
    expect(build.rawBytes).toBeGreaterThan(100_000);
    expect(build.gzipBytes).toBeLessThan(FREE_PLAN_GZIP_LIMIT);
  });

  it("carries no PGlite and no filesystem module", () => {
    expect(build.bundle).not.toMatch(/@electric-sql\/pglite|PGliteDialect|pglite\.wasm/i);
    const imported = importsOf(build.bundle);
    expect(imported).not.toContain("fs");
    expect(imported).not.toContain("node:fs");
    expect(imported).not.toContain("fs/promises");
    expect(imported).not.toContain("node:fs/promises");
  });

  it("imports only what workerd provides (Node built-ins through nodejs_compat, cloudflare:sockets)", () => {
    const builtins = new Set(builtinModules);
    const foreign = importsOf(build.bundle).filter((m) => !m.startsWith("cloudflare:") && !builtins.has(m.replace(/^node:/, "")));
    expect(foreign).toEqual([]);
    expect(importsOf(build.bundle)).toContain("cloudflare:sockets");
  });
});

/** Module specifiers the (minified, ESM) bundle still imports: static and dynamic. */
function importsOf(bundle: string): string[] {
  const found = new Set<string>();
  for (const m of bundle.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?"([^"]+)"/g)) found.add(m[1]!);
  for (const m of bundle.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.add(m[1]!);
  return [...found].sort();
}
