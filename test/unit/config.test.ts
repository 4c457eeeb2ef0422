import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const SECRET_A = "a".repeat(32);
const SECRET_B = "b:c".repeat(11);

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe("configuration", () => {
  describe("happy", () => {
    it("gives working defaults for an empty environment", () => {
      expect(loadConfig({})).toMatchObject({
        port: 8787,
        publicUrl: "http://localhost:8787",
        databaseUrl: undefined,
        databasePoolSize: 10,
        dataDir: "./.data",
        adminKeyFile: undefined,
        organizationName: "My organization",
        claimSigningSecrets: undefined,
        keyCacheTtlMs: 5000,
        keyCacheMaxEntries: 10_000,
        maxBodyBytes: 64 * 1024,
        logLevel: "info",
      });
    });

    it("treats an empty variable as unset", () => {
      expect(loadConfig({ PORT: "", DATABASE_URL: "", CLAIM_SIGNING_SECRETS: "" })).toMatchObject({
        port: 8787,
        databaseUrl: undefined,
        claimSigningSecrets: undefined,
      });
    });

    it("reads every variable it is given", () => {
      const c = loadConfig({
        PORT: "3000",
        PUBLIC_URL: "https://handoff.example.com/",
        DATABASE_URL: "postgresql://app@db:5432/handoff",
        DATABASE_POOL_SIZE: "25",
        HANDOFF_DATA_DIR: "/var/lib/handoff",
        HANDOFF_ORG_NAME: "  Acme  ",
        KEY_CACHE_TTL_MS: "0",
        LOG_LEVEL: "silent",
      });
      expect(c).toMatchObject({
        port: 3000,
        publicUrl: "https://handoff.example.com",
        databaseUrl: "postgresql://app@db:5432/handoff",
        databasePoolSize: 25,
        dataDir: "/var/lib/handoff",
        organizationName: "Acme",
        keyCacheTtlMs: 0,
        logLevel: "silent",
      });
      expect(loadConfig({ PORT: "3000" }).publicUrl).toBe("http://localhost:3000");
    });

    it("parses rotated signing secrets in order, the first one signing; a secret may contain ':'", () => {
      expect(loadConfig({ CLAIM_SIGNING_SECRETS: ` k2026:${SECRET_B} , k2025:${SECRET_A},` }).claimSigningSecrets).toEqual([
        { id: "k2026", secret: SECRET_B },
        { id: "k2025", secret: SECRET_A },
      ]);
    });
  });

  describe("errors", () => {
    it.each(["abc", "0", "65536", "80.5", "-1"])("refuses PORT=%s naming PORT", (port) => {
      const err = configError({ PORT: port });
      expect(err.name).toBe("ConfigError");
      expect(err.message).toMatch(/^\s*PORT: /m);
    });

    it.each(["mysql://db/handoff", "localhost:5432", "file:///tmp/db", "postgres:/x"])("refuses DATABASE_URL=%s naming DATABASE_URL", (url) => {
      expect(configError({ DATABASE_URL: url }).message).toMatch(/^\s*DATABASE_URL: /m);
    });

    it.each(["nokeyid", `k1:${"s".repeat(31)}`, `:${SECRET_A}`, `bad id:${SECRET_A}`, `k1:${SECRET_A},broken`, `${"k".repeat(17)}:${SECRET_A}`])(
      "refuses CLAIM_SIGNING_SECRETS=%s naming CLAIM_SIGNING_SECRETS",
      (value) => {
        expect(configError({ CLAIM_SIGNING_SECRETS: value }).message).toMatch(/^\s*CLAIM_SIGNING_SECRETS: /m);
      },
    );

    it("names every bad variable at once", () => {
      const message = configError({ PORT: "x", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" }).message;
      for (const v of ["PORT", "DATABASE_URL", "LOG_LEVEL"]) expect(message).toContain(`${v}: `);
    });

    it.each([
      ["PUBLIC_URL", "ftp://files.example.com"],
      ["DATABASE_POOL_SIZE", "0"],
      ["KEY_CACHE_TTL_MS", "5001"],
      ["MAX_BODY_BYTES", "100"],
    ])("refuses a bad %s naming it", (name, value) => {
      expect(configError({ [name]: value }).message).toContain(`${name}: `);
    });
  });

  describe("security", () => {
    it("never repeats a secret value in the error message", () => {
      const message = configError({
        CLAIM_SIGNING_SECRETS: "k1:hunter2-too-short",
        DATABASE_URL: "mysql://root:pa55word-in-url@db/handoff",
      }).message;
      expect(message).not.toContain("hunter2");
      expect(message).not.toContain("pa55word");
    });
  });
});

describe("configuration: signing secret ids", () => {
  it("refuses the same key id twice, naming the variable", () => {
    const secret = "s".repeat(32);
    expect(() => loadConfig({ CLAIM_SIGNING_SECRETS: `a:${secret},a:${secret}x` })).toThrow(/CLAIM_SIGNING_SECRETS.*appears twice/s);
  });
});
