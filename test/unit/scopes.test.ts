import { describe, expect, it } from "vitest";
import { coversScopes, hasScope, narrowScopes, SCOPES } from "../../src/domain/scopes.js";

describe("scopes", () => {
  describe("happy", () => {
    it("an empty list holds every scope", () => {
      for (const s of SCOPES) expect(hasScope([], s)).toBe(true);
    });

    it("a listed scope is held, an unlisted one is not", () => {
      expect(hasScope(["agents:read"], "agents:read")).toBe(true);
      expect(hasScope(["agents:read"], "agents:write")).toBe(false);
      expect(hasScope(["keys:write"], "keys:read")).toBe(false);
    });

    it("an all-scope creator may mint any scopes, deduplicated, or all by omitting them", () => {
      expect(narrowScopes([], ["keys:read", "keys:read", "agents:write"])).toEqual({ ok: true, scopes: ["keys:read", "agents:write"] });
      expect(narrowScopes([], undefined)).toEqual({ ok: true, scopes: [] });
      expect(narrowScopes([], [])).toEqual({ ok: true, scopes: [] });
    });

    it("a narrow creator mints a subset, or its own scopes when none are asked for", () => {
      expect(narrowScopes(["keys:write", "agents:read"], ["agents:read"])).toEqual({ ok: true, scopes: ["agents:read"] });
      expect(narrowScopes(["keys:write", "agents:read"], undefined)).toEqual({ ok: true, scopes: ["keys:write", "agents:read"] });
      expect(narrowScopes(["keys:write", "agents:read"], [])).toEqual({ ok: true, scopes: ["keys:write", "agents:read"] });
    });

    it("coversScopes: whether one key holds all another key holds", () => {
      expect(coversScopes([], [])).toBe(true);
      expect(coversScopes([], ["keys:read"])).toBe(true);
      expect(coversScopes(["keys:read", "keys:write"], ["keys:read"])).toBe(true);
      expect(coversScopes([...SCOPES], [])).toBe(true);
    });
  });

  describe("errors", () => {
    it("names every scope a narrow creator lacks", () => {
      expect(narrowScopes(["keys:write"], ["keys:write", "agents:read", "agents:write"])).toEqual({
        ok: false,
        missing: ["agents:read", "agents:write"],
      });
    });
  });

  describe("security", () => {
    it("no creator gets a scope it lacks: exhaustively over every creator and request", () => {
      const subsets = Array.from({ length: 1 << SCOPES.length }, (_, mask) => SCOPES.filter((_, i) => mask & (1 << i)));
      for (const creator of subsets) {
        for (const requested of subsets) {
          const result = narrowScopes(creator, requested);
          if (!result.ok) continue;
          for (const s of SCOPES) if (hasScope(result.scopes, s)) expect(hasScope(creator, s)).toBe(true);
        }
      }
    });

    it("a narrow key never covers an all-scope key, nor one with a scope it lacks", () => {
      expect(coversScopes(["keys:write"], [])).toBe(false);
      expect(coversScopes(["keys:write", "keys:read", "agents:read"], [])).toBe(false);
      expect(coversScopes(["keys:write"], ["keys:write", "agents:write"])).toBe(false);
    });
  });
});
