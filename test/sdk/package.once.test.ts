import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildLibrary } from "../../sdk/scripts/build.mjs";
import { documentFromApp, GENERATED_TYPES, renderOpenApiTypes } from "../../sdk/scripts/openapi-types.js";
import { SDK_VERSION } from "../../sdk/src/index.js";

const sdkRoot = fileURLToPath(new URL("../../sdk/", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(sdkRoot, "package.json"), "utf8"));

describe("generated types", () => {
  it("match what openapi-typescript generates from the live app's /openapi.json (run `npm run sdk:generate` if not)", async () => {
    const expected = await renderOpenApiTypes(await documentFromApp());
    const committed = readFileSync(GENERATED_TYPES, "utf8");
    expect(committed, "sdk/src/generated/openapi.ts drifted from the server: run `npm run sdk:generate`").toBe(expected);
  });
});

describe("the package", () => {
  it("has zero runtime dependencies, a handoff bin, and the version the SDK reports", () => {
    expect(pkg.name).toBe("@handoff/sdk");
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ handoff: "bin/handoff.js" });
    expect(SDK_VERSION).toBe(pkg.version);
  });

  // The build writes files and runs tsc: once (`*.once.test.ts` runs in the pglite project only).
  describe("bundles", () => {
    let out = "";
    afterAll(() => {
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it("builds ESM and CJS bundles with declarations that import nothing", { timeout: 60_000 }, async () => {
      out = mkdtempSync(join(tmpdir(), "handoff-sdk-build-"));
      await buildLibrary(out);
      const esm = readFileSync(join(out, "esm/index.js"), "utf8");
      const cjs = readFileSync(join(out, "cjs/index.js"), "utf8");
      expect(esm).not.toMatch(/^\s*import\s/m);
      expect(esm).not.toMatch(/\bfrom\s*["']/);
      expect(cjs).not.toMatch(/require\(["']/);
      expect(JSON.parse(readFileSync(join(out, "cjs/package.json"), "utf8"))).toEqual({ type: "commonjs" });
      for (const format of ["esm", "cjs"]) {
        const dts = readFileSync(join(out, format, "index.d.ts"), "utf8");
        expect(dts).toContain("HandoffError");
        expect(readFileSync(join(out, format, "client.d.ts"), "utf8")).toContain("class Handoff");
      }

      const fromEsm = await import(pathToFileURL(join(out, "esm/index.js")).href);
      const fromCjs = createRequire(import.meta.url)(join(out, "cjs/index.js"));
      for (const mod of [fromEsm, fromCjs]) {
        expect(typeof mod.Handoff).toBe("function");
        const client = new mod.Handoff({ apiKey: "k", baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
        const err = await client.me().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(mod.HandoffError);
        expect(err).toMatchObject({ status: 0, code: "network_error" });
      }
    });
  });

  // A newcomer's path: README's example right after `npm ci`, with no build step (npm ci runs no
  // install scripts here), so the built package is committed and must match its source.
  describe("in this repository, right after npm ci", () => {
    it("`@handoff/sdk` resolves to working bundles, from import and from require", () => {
      const script = `
        const esm = await import("@handoff/sdk");
        const cjs = (await import("node:module")).createRequire(process.cwd() + "/")("@handoff/sdk");
        console.log(JSON.stringify([typeof esm.Handoff, typeof esm.HandoffError, typeof cjs.Handoff]));`;
      const res = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
      expect(res.stderr).toBe("");
      expect(JSON.parse(res.stdout)).toEqual(["function", "function", "function"]);
    });

    it("the committed sdk/dist is what `npm run sdk:build` builds from the source (run it if not)", { timeout: 60_000 }, async () => {
      const fresh = mkdtempSync(join(tmpdir(), "handoff-sdk-dist-"));
      try {
        await buildLibrary(fresh);
        const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
        const committed = join(sdkRoot, "dist");
        expect(files(committed).filter((f) => f !== "cli.js")).toEqual(files(fresh));
        for (const f of files(fresh)) expect(readFileSync(join(committed, f), "utf8"), `sdk/dist/${f} is stale: run npm run sdk:build`).toBe(readFileSync(join(fresh, f), "utf8"));
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    });
  });
});
