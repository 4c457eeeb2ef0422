import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { documentFromApp } from "../../sdk/scripts/openapi-types.js";

/**
 * The contract lint: Spectral with `spectral:oas` and the OWASP API Security ruleset (.spectral.yaml) on
 * the document an https deployment serves. Zero errors. A missing Spectral is a failure, never a skip.
 */
const root = resolve(import.meta.dirname, "../..");
const spectral = resolve(root, "node_modules/.bin/spectral");
const artifacts = resolve(root, "test/artifacts");

type Finding = { code: string; message: string; severity: number; path: string[] };

async function lint(document: object, name: string): Promise<Finding[]> {
  mkdirSync(artifacts, { recursive: true });
  const file = resolve(artifacts, name);
  writeFileSync(file, JSON.stringify(document, null, 2));
  // Spectral exits 1 when it finds errors; its JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(spectral, ["lint", file, "-r", resolve(root, ".spectral.yaml"), "-f", "json", "-q"], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((err: { stdout?: string; stderr?: string; code?: unknown }) => {
    if (!err.stdout) throw new Error(`spectral failed to run (${String(err.code)}): ${err.stderr}`);
    return { stdout: err.stdout };
  });
  return JSON.parse(stdout || "[]") as Finding[];
}

const errorsOf = (findings: Finding[]) =>
  findings.filter((f) => f.severity === 0).map((f) => `${f.code} at ${f.path.join(".")}: ${f.message}`);

describe("the API contract lint (spectral:oas + OWASP)", () => {
  it("has Spectral installed (npm ci)", () => {
    expect(existsSync(spectral), `${spectral} is missing: run npm ci`).toBe(true);
  });

  it("finds no error in /openapi.json as an https deployment serves it", async () => {
    const document = await documentFromApp({ PUBLIC_URL: "https://handoff.example.com" });
    expect(errorsOf(await lint(document, "openapi.json"))).toEqual([]);
  }, 60_000);

  it("does catch what it is there for (an unbounded string, an http server)", async () => {
    const document = (await documentFromApp({ PUBLIC_URL: "http://localhost:8787" })) as any;
    document.components.schemas.Agent.properties.name = { type: "string" };
    const codes = errorsOf(await lint(document, "openapi-broken.json")).map((e) => e.split(" ")[0]);
    expect(codes).toContain("owasp:api4:2023-string-limit");
    expect(codes).toContain("owasp:api8:2023-no-server-http");
  }, 60_000);
});
