import { describe, expect, it } from "vitest";
import { hashClaimNonce, verifyClaimToken } from "../../../src/domain/claim-token.js";
import { SIGNING, useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

const tokenOf = (url: string) => url.split("/claim/")[1]!;

async function storedNonceHash(id: string) {
  return (await ctx.db.selectFrom("provisions").select("claim_nonce_hash").where("id", "=", id).executeTakeFirstOrThrow()).claim_nonce_hash;
}

describe("POST /v1/team/provisions/{id}/claim-link", () => {
  describe("happy", () => {
    it("issues a new signed link; only the new link's nonce matches what is stored", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const res = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey });
      expect(res.status).toBe(200);
      expect(res.body.claimUrl).not.toBe(p.claimUrl);
      expect(res.body.expiresAt).toBe(p.expiresAt);

      const stored = await storedNonceHash(p.id);
      const now = ctx.clock.now();
      const oldToken = await verifyClaimToken(tokenOf(p.claimUrl), SIGNING, now);
      const newToken = await verifyClaimToken(tokenOf(res.body.claimUrl), SIGNING, now);
      if (!oldToken.ok || !newToken.ok) throw new Error("both tokens are validly signed");
      expect(newToken.payload.provisionId).toBe(p.id);
      expect(await hashClaimNonce(newToken.payload.nonce)).toBe(stored);
      expect(await hashClaimNonce(oldToken.payload.nonce)).not.toBe(stored);
    });

    it("sets a new expiry when asked, and the key follows it", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { expiresIn: 120 });
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
      const res = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey, body: { expiresIn: 3600 } });
      expect(res.status).toBe(200);
      expect(res.body.expiresAt).toBe(new Date(ctx.clock.now().getTime() + 3600_000).toISOString());
      const token = await verifyClaimToken(tokenOf(res.body.claimUrl), SIGNING, ctx.clock.now());
      expect(token.ok && token.payload.expiresAt.toISOString()).toBe(new Date(Math.floor((ctx.clock.now().getTime() + 3600_000) / 1000) * 1000).toISOString());
      ctx.clock.advanceSeconds(600);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });

    it("can shorten the expiry, and the key stops at the new one", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
      await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey, body: { expiresIn: 60 } });
      ctx.clock.advanceSeconds(60);
      const res = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("provision_expired");
    });
  });

  describe("errors", () => {
    it("refuses a cancelled provision (409)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      const res = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("provision_not_pending");
    });

    it("refuses an expired provision (409) rather than reviving it", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { expiresIn: 60 });
      ctx.clock.advanceSeconds(61);
      const res = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey, body: { expiresIn: 3600 } });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/expired/);
    });

    it.each([[{ expiresIn: 10 }], [{ expiresIn: "soon" }], [{ extra: true }]])("refuses %j (400)", async (body) => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const res = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/provisions/prv_x/claim-link" });

    it("cannot regenerate another organization's link (404) and the original link stays valid", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      const p = await provision(ctx, a);
      const before = await storedNonceHash(p.id);
      const res = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: b.adminKey });
      expect(res.status).toBe(404);
      expect(await storedNonceHash(p.id)).toBe(before);
    });
  });
});
