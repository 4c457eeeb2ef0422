import { describe, expect, it } from "vitest";
import { hashClaimNonce, newClaimNonce, signClaimToken, verifyClaimToken } from "../../src/domain/claim-token.js";
import { fromBase64Url, toBase64Url, utf8 } from "../../src/domain/encoding.js";

const OLD = { id: "k2025", secret: "old-signing-secret-0123456789abcdefgh" };
const NEW = { id: "k2026", secret: "new-signing-secret-0123456789abcdefgh" };
const T = new Date("2026-11-29T12:00:00.000Z");
const payload = { provisionId: "prv_V1StGXR8Z5jdHi6BmyT2a", nonce: "bm9uY2Utbm9uY2Utbm9u", expiresAt: T };
const before = (ms: number) => new Date(T.getTime() - ms);

/** Changes one character early in the signature (the last one may hold base64 padding bits only). */
function flipSignature(token: string) {
  const i = token.lastIndexOf(".") + 5;
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
}

function parts(token: string) {
  const [keyId, body, sig] = token.split(".") as [string, string, string];
  return { keyId, body, sig, json: JSON.parse(new TextDecoder().decode(fromBase64Url(body)!)) };
}

async function hmac(secret: string, data: string) {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toBase64Url(await crypto.subtle.sign("HMAC", key, utf8(data)));
}

/** A token correctly signed over an arbitrary body: to reach the checks after the signature. */
async function signedRaw(body: string, signer = NEW) {
  const encoded = toBase64Url(utf8(body));
  return `${signer.id}.${encoded}.${await hmac(signer.secret, `${signer.id}.${encoded}`)}`;
}

describe("claim tokens", () => {
  describe("happy", () => {
    it("round-trips: sign then verify gives the payload back", async () => {
      const token = await signClaimToken(payload, NEW);
      expect(token).toMatch(/^k2026\.[\w-]+\.[\w-]+$/);
      expect(await verifyClaimToken(token, [NEW], before(60_000))).toEqual({ ok: true, payload });
    });

    it("keeps the expiry to the second (rounded down, never later)", async () => {
      const token = await signClaimToken({ ...payload, expiresAt: new Date(T.getTime() + 999) }, NEW);
      const check = await verifyClaimToken(token, [NEW], before(1));
      expect(check).toEqual({ ok: true, payload: { ...payload, expiresAt: T } });
    });

    it("verifies a token signed with a rotated-out secret that is still listed", async () => {
      const token = await signClaimToken(payload, OLD);
      expect((await verifyClaimToken(token, [NEW, OLD], before(1))).ok).toBe(true);
      const fresh = await signClaimToken(payload, NEW);
      expect((await verifyClaimToken(fresh, [NEW, OLD], before(1))).ok).toBe(true);
    });

    it("makes fresh, URL-safe nonces and hashes them deterministically", async () => {
      const nonces = new Set(Array.from({ length: 500 }, newClaimNonce));
      expect(nonces.size).toBe(500);
      for (const n of nonces) expect(n).toMatch(/^[\w-]{24}$/);
      const n = newClaimNonce();
      expect(await hashClaimNonce(n)).toMatch(/^[0-9a-f]{64}$/);
      expect(await hashClaimNonce(n)).toBe(await hashClaimNonce(n));
      expect(await hashClaimNonce(n)).not.toBe(await hashClaimNonce(newClaimNonce()));
    });
  });

  describe("errors", () => {
    it("expires exactly at expiresAt: valid a millisecond before, expired at and after", async () => {
      const token = await signClaimToken(payload, NEW);
      expect((await verifyClaimToken(token, [NEW], before(1))).ok).toBe(true);
      expect(await verifyClaimToken(token, [NEW], T)).toEqual({ ok: false, reason: "expired" });
      expect(await verifyClaimToken(token, [NEW], new Date(T.getTime() + 1))).toEqual({ ok: false, reason: "expired" });
    });

    it.each(["", "abc", "a.b", "a.b.c.d", "k2026..", "k2026.e30.!!!"])("refuses the malformed token %j", async (token) => {
      const check = await verifyClaimToken(token, [NEW], before(1));
      expect(check.ok).toBe(false);
    });

    it("refuses a correctly signed body that is not the expected JSON as malformed", async () => {
      for (const body of ["not json", "null", "[]", '{"p":"prv_x","n":"n"}', '{"p":1,"n":"n","e":1}', '{"p":"prv_x","n":"n","e":"soon"}']) {
        expect(await verifyClaimToken(await signedRaw(body), [NEW], before(1))).toEqual({ ok: false, reason: "malformed" });
      }
    });

    it("refuses a signature that is not base64url as malformed", async () => {
      const { keyId, body } = parts(await signClaimToken(payload, NEW));
      expect(await verifyClaimToken(`${keyId}.${body}.not+base64/`, [NEW], before(1))).toEqual({ ok: false, reason: "malformed" });
    });
  });

  describe("security", () => {
    it("refuses a tampered payload (another provision, a later expiry) even with the original signature", async () => {
      const token = await signClaimToken(payload, NEW);
      const { keyId, sig, json } = parts(token);
      for (const changed of [{ ...json, p: "prv_someoneelse0000000000" }, { ...json, e: json.e + 86_400 }, { ...json, n: "other" }]) {
        const forged = `${keyId}.${toBase64Url(utf8(JSON.stringify(changed)))}.${sig}`;
        expect(await verifyClaimToken(forged, [NEW], before(1))).toEqual({ ok: false, reason: "bad_signature" });
      }
    });

    it("refuses a tampered or truncated signature", async () => {
      const token = await signClaimToken(payload, NEW);
      expect(await verifyClaimToken(flipSignature(token), [NEW], before(1))).toEqual({ ok: false, reason: "bad_signature" });
      // A shortened signature may not even decode as base64url: refused either way.
      expect(await verifyClaimToken(token.slice(0, -4), [NEW], before(1))).toMatchObject({ ok: false, reason: expect.stringMatching(/^(bad_signature|malformed)$/) });
    });

    it("refuses an unknown key id, and a token relabelled with another known key id", async () => {
      const token = await signClaimToken(payload, OLD);
      expect(await verifyClaimToken(token, [NEW], before(1))).toEqual({ ok: false, reason: "bad_signature" });
      const { body, sig } = parts(token);
      expect(await verifyClaimToken(`${NEW.id}.${body}.${sig}`, [NEW, OLD], before(1))).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("refuses a token of a secret once it is removed from the list", async () => {
      const token = await signClaimToken(payload, OLD);
      expect(await verifyClaimToken(token, [NEW], before(1))).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("checks the signature before the expiry: a forged token never learns whether it expired", async () => {
      const token = await signClaimToken(payload, NEW);
      const forged = flipSignature(token);
      expect(await verifyClaimToken(forged, [NEW], new Date(T.getTime() + 1))).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("never carries the secret in the token", async () => {
      const token = await signClaimToken(payload, NEW);
      expect(token).not.toContain(NEW.secret);
      expect(JSON.stringify(parts(token).json)).not.toContain(NEW.secret);
    });
  });
});
