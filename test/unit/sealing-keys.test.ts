import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../db/connect.js";
import { loadConfig } from "../../src/config.js";
import { productionWarnings, sealingKeysFor } from "../../src/entry/node-secrets.js";

const root = mkdtempSync(join(tmpdir(), "handoff-secrets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe("sealing keys on Node (finding 3)", () => {
  it("HANDOFF_SEALING_KEY wins: keyId:secret entries, the first seals, all open", () => {
    const config = loadConfig({ HANDOFF_SEALING_KEY: `s2:${"b".repeat(32)},s1:${"a".repeat(32)}` });
    expect(config.sealingKeys).toEqual([
      { id: "s2", secret: "b".repeat(32) },
      { id: "s1", secret: "a".repeat(32) },
    ]);
    expect(sealingKeysFor(config)).toEqual({ keys: config.sealingKeys, file: null });
    expect(() => loadConfig({ HANDOFF_SEALING_KEY: "short:abc" })).toThrow(/HANDOFF_SEALING_KEY/);
  });

  it("without it: a key file in the data directory, owner-only, created once and kept", () => {
    const dataDir = join(root, "data-a");
    const config = loadConfig({ HANDOFF_DATA_DIR: dataDir });
    const first = sealingKeysFor(config);
    expect(first.file).toBe(join(dataDir, "sealing.key"));
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]!.secret.length).toBeGreaterThanOrEqual(43);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(first.file!)).toBe(0o600);
    expect(sealingKeysFor(config)).toEqual(first);
  });

  it("npm start warns about each production secret it runs without", () => {
    const bare = productionWarnings(loadConfig({ DATABASE_URL: "postgres://x@y/z" }), { sealingKeyFile: "/d/sealing.key" });
    expect(bare.join("\n")).toContain("CLAIM_SIGNING_SECRETS");
    expect(bare.join("\n")).toContain("HANDOFF_SEALING_KEY");
    const set = loadConfig({ CLAIM_SIGNING_SECRETS: `k1:${"c".repeat(32)}`, HANDOFF_SEALING_KEY: `s1:${"d".repeat(32)}`, PUBLIC_URL: "https://h.example" });
    expect(productionWarnings(set, { sealingKeyFile: null })).toEqual([]);
  });
});

describe("the embedded database's files (finding 3)", () => {
  it("creates the data directory and its files readable by the owner only", async () => {
    const dataDir = join(root, "pglite");
    const handle = await connectDatabase({ dataDir });
    await handle.db.selectFrom("pg_catalog.pg_tables" as never).selectAll().limit(1).execute();
    await handle.close();
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(mode(join(f.parentPath, f.name)) & 0o077, f.name).toBe(0);
  }, 60_000);
});
