import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "../../src/logger.js";

function capture(level: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger(level, (l) => lines.push(l));
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("logger", () => {
  describe("happy", () => {
    it("writes one JSON line per call with time, level, message and fields", () => {
      const { logger, parsed } = capture("debug");
      logger.info("provision created", { provisionId: "prv_x", count: 2, nested: { a: 1 } });
      const [line] = parsed();
      expect(line).toMatchObject({ level: "info", msg: "provision created", provisionId: "prv_x", count: 2, nested: { a: 1 } });
      expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
    });

    it("drops lines below the level, and writes nothing when silent", () => {
      const info = capture("warn");
      info.logger.debug("d");
      info.logger.info("i");
      info.logger.warn("w");
      info.logger.error("e");
      expect(info.parsed().map((l) => l.level)).toEqual(["warn", "error"]);
      const silent = capture("silent");
      silent.logger.error("e");
      expect(silent.lines).toEqual([]);
    });

    it("keeps ids that merely mention a key", () => {
      const { logger, parsed } = capture("info");
      logger.info("used", { keyId: "key_1", apiKeyId: "key_2" });
      expect(parsed()[0]).toMatchObject({ keyId: "key_1", apiKeyId: "key_2" });
    });
  });

  describe("errors", () => {
    it("logs a message without fields", () => {
      const { logger, parsed } = capture("info");
      logger.error("boom");
      expect(Object.keys(parsed()[0]!).sort()).toEqual(["level", "msg", "time"]);
    });
  });

  describe("security", () => {
    it.each([
      "apiKey",
      "api_key",
      "key",
      "x-api-key",
      "token",
      "claimToken",
      "sessionToken",
      "accessTokenHash",
      "secret",
      "clientSecret",
      "password",
      "newPassword",
      "authorization",
      "Authorization",
      "cookie",
      "Set-Cookie",
    ])("redacts the field %s", (field) => {
      const { logger, lines } = capture("debug");
      logger.warn("careful", { [field]: "hnd_s3cr3t-value" });
      expect(JSON.parse(lines[0]!)[field]).toBe("[redacted]");
      expect(lines[0]).not.toContain("s3cr3t");
    });
  });
});

describe("logger: secrets at any depth and in text", () => {
  it("masks secret-named fields in nested objects and arrays", () => {
    const lines: string[] = [];
    createLogger("debug", (l) => lines.push(l)).info("x", { user: { password: "pw-123" }, list: [{ token: "tok-456" }] });
    expect(lines[0]).not.toContain("pw-123");
    expect(lines[0]).not.toContain("tok-456");
  });

  it("masks API keys and claim/setup link tokens wherever they appear in text", () => {
    const lines: string[] = [];
    const key = "hnd_" + "Ab1".repeat(16) + "x";
    createLogger("debug", (l) => lines.push(l)).warn(`failed for ${key}`, {
      url: "https://h.example/claim/k1.payload.signature",
      note: "see https://h.example/setup/SETUPTOKEN",
    });
    expect(lines[0]).not.toContain(key);
    expect(lines[0]).not.toContain("payload.signature");
    expect(lines[0]).not.toContain("SETUPTOKEN");
    expect(lines[0]).toContain("/claim/[redacted]");
  });
});

describe("logger: link tokens of every kind (finding 4)", () => {
  it.each(["claim", "setup", "invite", "recover", "recovery", "verify", "reset", "confirm"])("masks /%s/<token> anywhere in text", (kind) => {
    const lines: string[] = [];
    const logger = createLogger("info", (l) => lines.push(l));
    const token = "Zm9vYmFyYmF6cXV4LTEyMzQ1Njc4OTAtYWJjZGVm";
    logger.error(`failed at https://h.example/${kind}/${token}?x=1`, { url: `/${kind}/${token}`, nested: { path: `/${kind}/${token}` } });
    expect(lines.join("\n")).not.toContain(token);
    expect(lines.join("\n")).toContain(`/${kind}/[redacted]`);
  });

  it("masks token= query parameters", () => {
    const lines: string[] = [];
    createLogger("info", (l) => lines.push(l)).info("x", { url: "/v1/x?token=abcdefghijklmnop&y=1" });
    expect(lines[0]).not.toContain("abcdefghijklmnop");
  });
});
