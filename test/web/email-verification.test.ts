import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { mailEnv, useMailbox } from "../support/smtp.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

const PASSWORD = "correct horse battery";
let n = 0;
const fresh = (label: string) => `${label}${Date.now().toString(36)}${n++}@example.com`;
/** A URL from a message, as a path on this site. */
const pathOf = (url: string) => url.replace("http://handoff.test", "");

async function verifiedAt(email: string) {
  // (A provision's placeholder carries the address too; the person's account is the active one.)
  const row = await ctx.db.selectFrom("users").select("email_verified_at").where("email", "=", email).where("status", "=", "active").executeTakeFirst();
  return row?.email_verified_at ?? null;
}

async function lastMailTo(email: string) {
  await ctx.settle();
  const mails = box.to(email);
  expect(mails.length, `no mail to ${email}`).toBeGreaterThan(0);
  return mails.at(-1)!;
}

describe("verified addresses", () => {
  describe("sign-up", () => {
    it("mails a verification link; the account page says what is pending until the link is followed", async () => {
      const email = fresh("signup");
      const b = new TestBrowser(ctx);
      expect((await b.signUp("Sam", email)).status).toBe(303);
      const mail = await lastMailTo(email);
      expect(mail.subject).toBe("Verify your email address for Handoff");
      expect(mail.text).toContain(email);

      const pending = await b.get("/account");
      expect(pending.html).toContain("data-address-pending");
      expect(pending.html).toContain("Send a new verification link");

      const link = pathOf(box.linkIn(mail));
      // Opening the link changes nothing (mail scanners open links); the button verifies.
      const page = await new TestBrowser(ctx).get(link);
      expect(page.status).toBe(200);
      expect(page.html).toContain(">Verify my address</button>");
      expect(await verifiedAt(email)).toBeNull();
      const verifier = new TestBrowser(ctx);
      await verifier.get(link);
      const done = await verifier.post(link);
      expect(done.status).toBe(200);
      expect(done.html).toContain("Address verified");
      expect(await verifiedAt(email)).not.toBeNull();
      expect((await b.get("/account")).html).not.toContain("data-address-pending");
      // Again: still verified, nothing else happens.
      expect((await verifier.post(link)).status).toBe(200);
    });

    it("refuses a tampered link and an expired one", async () => {
      const email = fresh("tamper");
      const b = new TestBrowser(ctx);
      await b.signUp("Tam", email);
      const link = pathOf(box.linkIn(await lastMailTo(email)));
      const tampered = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
      await b.get(tampered);
      const bad = await b.post(tampered);
      expect(bad.status).toBe(404);
      expect(bad.html).toContain("This verification link is not valid");
      ctx.clock.advance(8 * 24 * 3600_000);
      await b.get(link);
      const expired = await b.post(link);
      expect(expired.status).toBe(410);
      expect(await verifiedAt(email)).toBeNull();
      ctx.clock.advance(-8 * 24 * 3600_000);
    });

    it("sends a new link from the account page (CSRF-checked, rate-limited)", async () => {
      const email = fresh("resend");
      const b = new TestBrowser(ctx);
      await b.signUp("Res", email);
      await lastMailTo(email);
      await b.get("/account");
      const refused = await b.request("POST", "/account/verify-email", { form: { _csrf: "wrong" } });
      expect(refused.status).toBe(403);
      const before = box.to(email).length;
      const sent = await b.post("/account/verify-email");
      expect(sent.status).toBe(303);
      expect(sent.location).toBe("/account?verification=sent");
      await ctx.settle();
      expect(box.to(email).length).toBe(before + 1);
      for (let i = 0; i < 4; i++) await b.post("/account/verify-email");
      const limited = await b.post("/account/verify-email");
      expect(limited.status).toBe(429);
    });
  });

  describe("claims bound to an address", () => {
    it("a new person following the mailed claim link signs up verified and claims", async () => {
      const o = await org(ctx);
      const email = fresh("mailed");
      const p = await provision(ctx, o, { email });
      const link = pathOf(box.linkIn(await lastMailTo(email)));
      expect(link).toContain("?proof=");
      const b = new TestBrowser(ctx);
      const page = await b.get(link);
      expect(page.html).toContain(`action="${link}"`);
      const signedUp = await b.post(link, { name: "Mae", email, password: PASSWORD });
      expect(signedUp.status).toBe(303);
      expect(signedUp.location).toBe(link);
      expect(await verifiedAt(email)).not.toBeNull();
      // Verified through the claim link: no verification mail was needed.
      await ctx.settle();
      expect(box.to(email).map((m) => m.subject)).not.toContain("Verify your email address for Handoff");
      await b.get(link);
      const claimed = await b.post(link, { action: "claim" });
      expect(claimed.status).toBe(303);
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("claimed");
    });

    it("an unverified account cannot claim through the link the admin was handed; verifying the address opens it", async () => {
      const o = await org(ctx);
      const email = fresh("handed");
      const p = await provision(ctx, o, { email, sendEmail: false });
      const link = pathOf(p.claimUrl);
      const b = new TestBrowser(ctx);
      await b.get(link);
      await b.post(link, { name: "Hal", email, password: PASSWORD });
      expect(await verifiedAt(email)).toBeNull();
      await b.get(link);
      const refused = await b.post(link, { action: "claim" });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain("not verified yet");
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("pending");

      const verify = pathOf(box.linkIn(await lastMailTo(email)));
      await b.get(verify);
      expect((await b.post(verify)).status).toBe(200);
      await b.get(link);
      expect((await b.post(link, { action: "claim" })).status).toBe(303);
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("claimed");
    });

    it("a tampered proof, or one for another provision, proves nothing", async () => {
      const o = await org(ctx);
      const email = fresh("forged");
      const p = await provision(ctx, o, { email });
      const other = await provision(ctx, o, { email: fresh("other") });
      const mailed = box.linkIn(await lastMailTo(email));
      const proof = mailed.split("?proof=")[1]!;
      const b = new TestBrowser(ctx);
      await b.signUp("Fay", email);
      const forged = proof.slice(0, -1) + (proof.endsWith("A") ? "B" : "A");
      const res = await b.request("POST", "/v1/claims", { json: { token: pathOf(p.claimUrl).split("/claim/")[1], proof: forged }, headers: { origin: "http://handoff.test" } });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.html).code).toBe("email_not_verified");
      // The right proof, through the API: claimed, and the address is verified on the way.
      const ok = await b.request("POST", "/v1/claims", { json: { token: pathOf(p.claimUrl).split("/claim/")[1], proof }, headers: { origin: "http://handoff.test" } });
      expect(ok.status).toBe(200);
      expect(await verifiedAt(email)).not.toBeNull();
      expect(other.status).toBe("pending");
    });
  });

  describe("invitations bound to an address", () => {
    it("signing up through the mailed invitation verifies the address and joins", async () => {
      const o = await org(ctx, "Hooli");
      const email = fresh("invited");
      const inv = await call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body: { email } });
      const link = pathOf(box.linkIn(await lastMailTo(email)));
      const b = new TestBrowser(ctx);
      await b.get(link);
      const joined = await b.post(link, { name: "Ivy", email, password: PASSWORD });
      expect(joined.status).toBe(303);
      expect(joined.location).toBe("/account?joined=1");
      expect(await verifiedAt(email)).not.toBeNull();
      expect((await call(ctx, "GET", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey })).body.state).toBe("accepted");
    });

    it("refuses a sign-up through the handed-over link with a clear reason, creating no account", async () => {
      const o = await org(ctx);
      const email = fresh("handedinv");
      const inv = await call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body: { email } });
      const link = pathOf(inv.body.url);
      const b = new TestBrowser(ctx);
      await b.get(link);
      const refused = await b.post(link, { name: "Ned", email, password: PASSWORD });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain(`made out to ${email}`);
      expect(await ctx.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    });
  });
});
