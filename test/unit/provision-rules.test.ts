import { describe, expect, it } from "vitest";
import type { ProvisionStatus } from "../../db/schema.js";
import { canRegenerateLink, decideCancel, effectiveStatus, EXPIRES_IN, keyBlockedBy } from "../../src/domain/provision-rules.js";

const T = new Date("2026-11-29T12:00:00.000Z");
const at = (ms: number) => new Date(T.getTime() + ms);
const p = (status: ProvisionStatus) => ({ status, expiresAt: T });

describe("provision rules", () => {
  describe("happy", () => {
    it("a pending provision is pending until the very millisecond it expires", () => {
      expect(effectiveStatus(p("pending"), at(-1))).toBe("pending");
      expect(effectiveStatus(p("pending"), at(0))).toBe("expired");
      expect(effectiveStatus(p("pending"), at(1))).toBe("expired");
    });

    it("a settled status never changes with time", () => {
      for (const s of ["claimed", "cancelled", "expired"] as const) {
        for (const when of [at(-1), at(0), at(86_400_000)]) expect(effectiveStatus(p(s), when)).toBe(s);
      }
    });

    it("its keys work while pending and after the claim, however late", () => {
      expect(keyBlockedBy(p("pending"), at(-1))).toBeNull();
      expect(keyBlockedBy(p("claimed"), at(365 * 86_400_000))).toBeNull();
    });

    it("cancelling a live provision cancels it; a cancelled one is already cancelled", () => {
      expect(decideCancel(p("pending"), at(-1))).toBe("cancel");
      expect(decideCancel(p("cancelled"), at(-1))).toBe("already_cancelled");
    });

    it("only a live provision gets a new claim link", () => {
      expect(canRegenerateLink(p("pending"), at(-1))).toBe(true);
    });

    it("expires after 7 days by default, within 1 minute to 30 days", () => {
      expect(EXPIRES_IN).toEqual({ min: 60, max: 30 * 24 * 3600, default: 7 * 24 * 3600 });
    });
  });

  describe("errors", () => {
    it("refuses to cancel a claimed or an expired provision, saying why", () => {
      expect(decideCancel(p("claimed"), at(-1))).toBe("claimed");
      expect(decideCancel(p("expired"), at(-1))).toBe("expired");
      expect(decideCancel(p("pending"), at(0))).toBe("expired");
    });

    it("refuses a new claim link with the status that forbids it", () => {
      expect(canRegenerateLink(p("pending"), at(0))).toBe("expired");
      expect(canRegenerateLink(p("claimed"), at(-1))).toBe("claimed");
      expect(canRegenerateLink(p("cancelled"), at(-1))).toBe("cancelled");
      expect(canRegenerateLink(p("expired"), at(-1))).toBe("expired");
    });
  });

  describe("security", () => {
    it("blocks the keys of a cancelled or expired provision at request time, before any sweep", () => {
      expect(keyBlockedBy(p("cancelled"), at(-1))).toBe("provision_cancelled");
      expect(keyBlockedBy(p("expired"), at(-1))).toBe("provision_expired");
      expect(keyBlockedBy(p("pending"), at(0))).toBe("provision_expired");
    });
  });
});
