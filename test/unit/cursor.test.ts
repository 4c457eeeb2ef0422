import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/domain/cursor.js";

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

describe("list cursors", () => {
  describe("happy", () => {
    it("round-trips created_at (to the millisecond) and id", () => {
      for (const c of [
        { createdAt: new Date("2026-11-22T12:00:00.123Z"), id: "agt_V1StGXR8Z5jdHi6BmyT2a" },
        { createdAt: new Date("1970-01-01T00:00:00.000Z"), id: "" },
        { createdAt: new Date("9999-12-31T23:59:59.999Z"), id: 'key_"quoted"/é' },
      ]) {
        const s = encodeCursor(c);
        expect(s).toMatch(/^[\w-]+$/);
        expect(decodeCursor(s)).toEqual(c);
      }
    });
  });

  describe("errors", () => {
    it.each([
      ["an empty string", ""],
      ["characters outside base64url", "ab+/"],
      ["an impossible base64 length", "a"],
      ["text that is not JSON", b64("hello")],
      ["a JSON object", b64({ createdAt: "2026-01-01T00:00:00.000Z", id: "x" })],
      ["too few items", b64(["2026-01-01T00:00:00.000Z"])],
      ["too many items", b64(["2026-01-01T00:00:00.000Z", "x", "y"])],
      ["a number for the date", b64([1767225600000, "x"])],
      ["a number for the id", b64(["2026-01-01T00:00:00.000Z", 7])],
      ["an unparseable date", b64(["yesterday", "x"])],
      ["a date in another format", b64(["2026-01-01", "x"])],
      ["an impossible calendar date", b64(["2026-02-31T00:00:00.000Z", "x"])],
      ["year zero", b64(["0000-01-01T00:00:00.000Z", "x"])],
      ["a six-digit year", b64(["+275760-09-13T00:00:00.000Z", "x"])],
      ["a negative year", b64(["-000001-01-01T00:00:00.000Z", "x"])],
    ])("decodes %s as null", (_what, s) => {
      expect(decodeCursor(s)).toBeNull();
    });
  });

  describe("security", () => {
    it("carries nothing but the position: created_at and id", () => {
      const s = encodeCursor({ createdAt: new Date("2026-11-22T12:00:00.000Z"), id: "prv_x" });
      expect(JSON.parse(Buffer.from(s, "base64url").toString())).toEqual(["2026-11-22T12:00:00.000Z", "prv_x"]);
    });
  });
});
