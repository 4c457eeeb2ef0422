import { describe, expect, it } from "vitest";
import { API_KEY_LENGTH, displayPrefix, generateApiKey, hashApiKey, isWellFormedApiKey, keyStatus } from "../../src/domain/api-key.js";

describe("API key format", () => {
  it("generates hnd_ keys of fixed length that pass their own checksum", () => {
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^hnd_[0-9A-Za-z]+$/);
      expect(key).toHaveLength(API_KEY_LENGTH);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it("never repeats", () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));
    expect(keys.size).toBe(1000);
  });

  it("refuses every single-character typo, truncation and extension", () => {
    const key = generateApiKey();
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (let i = 4; i < key.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(key[i]!) + 7) % alphabet.length]!;
      expect(isWellFormedApiKey(key.slice(0, i) + replacement + key.slice(i + 1))).toBe(false);
    }
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(key + "0")).toBe(false);
    expect(isWellFormedApiKey("sk_" + key.slice(4))).toBe(false);
    expect(isWellFormedApiKey("")).toBe(false);
  });

  it("stores a SHA-256 hex hash, never the key", async () => {
    const key = generateApiKey();
    const hash = await hashApiKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(4, 20));
  });

  it("shows a short prefix only", () => {
    const key = generateApiKey();
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
  });

  it("derives status from revocation and expiry", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const past = new Date(now.getTime() - 1);
    const future = new Date(now.getTime() + 1);
    expect(keyStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(keyStatus({ revokedAt: future, expiresAt: null }, now)).toBe("active");
    expect(keyStatus({ revokedAt: past, expiresAt: null }, now)).toBe("revoked");
    expect(keyStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
  });
});
