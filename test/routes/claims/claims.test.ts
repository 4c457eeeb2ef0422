import { describe, expect, it } from "vitest";
import { claimPath, TestBrowser } from "../../support/browser.js";
import { person, tamper, tokenForUnknownProvision, tokenOf } from "../../support/claims.js";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";

const ctx = useTestContext();

describe("GET /v1/claims/{token}", () => {
  it("previews the claim without anything secret", async () => {
    const o = await org(ctx, "Globex");
    const p = await provision(ctx, o, { role: "admin", email: "hank@example.com", projectName: "Doomsday" });
    const res = await call(ctx, "GET", `/v1/claims/${tokenOf(p.claimUrl)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      organization: { name: "Globex" },
      role: "admin",
      projectName: "Doomsday",
      email: "hank@example.com",
      expiresAt: p.expiresAt,
      status: "pending",
    });
  });

  it.each([
    ["tampered", async (token: string) => tamper(token), 404, "claim_link_invalid"],
    ["garbage", async () => "nonsense", 404, "claim_link_invalid"],
    ["unknown provision", async () => tokenForUnknownProvision(ctx), 404, "claim_link_invalid"],
  ])("refuses a %s link", async (_name, make, status, code) => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const res = await call(ctx, "GET", `/v1/claims/${await make(tokenOf(p.claimUrl))}`);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it("names each other reason with its own code", async () => {
    const o = await org(ctx);
    const expired = await provision(ctx, o, { expiresIn: 60 });
    const cancelled = await provision(ctx, o);
    const regenerated = await provision(ctx, o);
    await call(ctx, "DELETE", `/v1/team/provisions/${cancelled.id}`, { key: o.adminKey });
    await call(ctx, "POST", `/v1/team/provisions/${regenerated.id}/claim-link`, { key: o.adminKey });
    ctx.clock.advanceSeconds(61);
    const codeOf = async (url: string) => {
      const res = await call(ctx, "GET", `/v1/claims/${tokenOf(url)}`);
      return [res.status, res.body.code];
    };
    expect(await codeOf(expired.claimUrl)).toEqual([410, "claim_link_expired"]);
    expect(await codeOf(cancelled.claimUrl)).toEqual([410, "claim_link_cancelled"]);
    expect(await codeOf(regenerated.claimUrl)).toEqual([410, "claim_link_superseded"]);
  });
});

describe("POST /v1/claims", () => {
  describe("happy", () => {
    it("claims into the logged-in account with a same-origin JSON request", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { role: "admin" });
      const { browser, userId } = await person(ctx);
      const res = await browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) }, headers: { origin: "http://handoff.test" } });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.html)).toEqual({
        provisionId: p.id,
        userId,
        organizationId: o.organizationId,
        projectId: p.projectId,
        role: "admin",
        mode: "transfer",
        next: `/account?org=${o.organizationId}&claimed=1`,
      });
    });
  });

  describe("errors", () => {
    it("answers claim_already_used to a second claim", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const a = await person(ctx);
      const b = await person(ctx);
      expect((await a.browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) } })).status).toBe(200);
      const second = await b.browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) } });
      expect(second.status).toBe(409);
      expect(JSON.parse(second.html).code).toBe("claim_already_used");
    });

    it("validates the body", async () => {
      const { browser } = await person(ctx);
      const res = await browser.request("POST", "/v1/claims", { json: { tokn: "x" } });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.html).code).toBe("validation_failed");
    });

    it("refuses an email-bound link for another account", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { email: "someone-else@example.com" });
      const { browser } = await person(ctx);
      const res = await browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) } });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.html).code).toBe("claim_email_mismatch");
    });
  });

  describe("security", () => {
    it("needs a session (401)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const res = await call(ctx, "POST", "/v1/claims", { body: { token: tokenOf(p.claimUrl) } });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("session_required");
    });

    it("does not accept an API key in place of a session", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const res = await call(ctx, "POST", "/v1/claims", { key: o.adminKey, body: { token: tokenOf(p.claimUrl) } });
      expect(res.status).toBe(401);
    });

    it("refuses cross-site requests (Origin and Sec-Fetch-Site) and claims nothing", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const { browser } = await person(ctx);
      const evil = await browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) }, headers: { origin: "https://evil.example" } });
      expect(evil.status).toBe(403);
      expect(JSON.parse(evil.html).code).toBe("cross_origin_refused");
      const site = await browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) }, headers: { "sec-fetch-site": "cross-site" } });
      expect(site.status).toBe(403);
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("pending");
    });

    it("rate-limits claims per account (429 with Retry-After)", async () => {
      const { browser } = await person(ctx);
      let last;
      for (let i = 0; i < 21; i++) {
        last = await browser.request("POST", "/v1/claims", { json: { token: "nonsense" }, headers: { "x-forwarded-for": `10.9.9.${i}` } });
      }
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("rate-limits the claim page per IP", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const b = new TestBrowser(ctx);
      await b.get(claimPath(p.claimUrl));
      let last;
      for (let i = 0; i < 31; i++) last = await b.post(claimPath(p.claimUrl), { action: "signup", name: "", email: "", password: "" });
      expect(last!.status).toBe(429);
      expect(last!.headers.get("retry-after")).toMatch(/^\d+$/);
    });
  });
});
