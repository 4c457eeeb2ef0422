#!/usr/bin/env node
/**
 * Builds the SDK package (`npm run sdk:build` at the repository root, `npm run build` here):
 *   dist/esm/index.js + .d.ts   ES module, for `import` (browsers, Workers, Node)
 *   dist/cjs/index.js + .d.ts   CommonJS, for `require` (dist/cjs/package.json says so, types included)
 *   dist/cli.js                 the `handoff` command, one file, Node ≥ 20
 * esbuild bundles (zero runtime dependencies); tsc writes the declarations.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const common = { bundle: true, target: "es2022", logLevel: "warning", legalComments: "none", sourcemap: false };

/** The CLI as one ES module file for Node (tests build it into a directory of their own). */
export async function buildCli(outfile = join(root, "dist/cli.js")) {
  await build({
    ...common,
    entryPoints: [join(root, "src/cli.ts")],
    outfile,
    platform: "node",
    target: "node20",
    format: "esm",
  });
  return outfile;
}

export async function buildLibrary(dist = join(root, "dist")) {
  rmSync(dist, { recursive: true, force: true });
  for (const format of ["esm", "cjs"]) {
    await build({
      ...common,
      entryPoints: [join(root, "src/index.ts")],
      outfile: join(dist, format, "index.js"),
      platform: "neutral",
      format,
    });
  }
  writeFileSync(join(dist, "cjs/package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const types = join(dist, ".types");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", types], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("tsc could not write the declarations");
  // The same declarations serve both formats: under dist/cjs they are read as CommonJS.
  for (const format of ["esm", "cjs"]) cpSync(types, join(dist, format), { recursive: true });
  rmSync(types, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildLibrary();
  await buildCli();
  console.log(`built ${pkg.name}@${pkg.version} (esm, cjs, d.ts, cli) in ${Date.now() - started} ms`);
}
