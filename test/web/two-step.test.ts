import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/domain/two-step.js";
import { TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";

const ctx = useTestContext();

let n = 0;
const fresh = () => `twostep${Date.now().toString(36)}${n++}@example.com`;

/** Signs up, turns two-step login on from the account page; returns the secret and recovery codes. */
async function enrolled() {
  const email = fresh();
  const b = new TestBrowser(ctx);
  await b.signUp("Tess", email);
  const account = await b.get("/account");
  expect(account.html).toContain("Turn on two-step login");
  expect((await b.post("/account/two-step/start")).location).toBe("/account/two-step");
  const page = await b.get("/account/two-step");
  expect(page.status).toBe(200);
  // The QR code is an SVG drawn by Handoff: no outside service, no image request.
  expect(page.html).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(page.html).not.toMatch(/<img|https?:\/\/(?!www\.w3\.org)/);
  const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(page.html)?.[1];
  expect(secret, page.html.slice(page.html.indexOf("Key:"), page.html.indexOf("Key:") + 200)).toBeTruthy();
  const wrong = await b.post("/account/two-step/confirm", { code: "000000" === totpCode(secret!, ctx.clock.now()) ? "111111" : "000000" });
  expect(wrong.status).toBe(401);
  const done = await b.post("/account/two-step/confirm", { code: totpCode(secret!, ctx.clock.now()) });
  expect(done.status).toBe(200);
  const codes = [...done.html.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  return { email, b, secret: secret!, codes };
}

/** Password first: a challenge, no session yet. */
async function passwordStep(email: string) {
  const b = new TestBrowser(ctx);
  const res = await b.logIn(email);
  expect(res.status).toBe(303);
  expect(res.location).toBe("/login/two-step");
  expect((await b.get("/account")).status).toBe(303); // not logged in yet
  await b.get("/login/two-step");
  return b;
}

describe("two-step login", () => {
  it("enrols from the account page with a QR code, keeps the secret sealed, and asks for the code at login", async () => {
    const { email, secret } = await enrolled();
    const row = await ctx.db.selectFrom("two_step").selectAll().innerJoin("users", "users.id", "two_step.user_id").where("users.email", "=", email).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    expect(row.enabled_at).not.toBeNull();

    ctx.clock.advance(60_000);
    const b = await passwordStep(email);
    const done = await b.post("/login/two-step", { code: totpCode(secret, ctx.clock.now()) });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/account");
    expect((await b.get("/account")).html).toContain('data-two-step="on"');
  });

  it("refuses a wrong code, a code used already, and a code without the password step", async () => {
    const { email, secret } = await enrolled();
    ctx.clock.advance(90_000);
    const b = await passwordStep(email);
    const code = totpCode(secret, ctx.clock.now());
    const wrong = await b.post("/login/two-step", { code: code === "123456" ? "654321" : "123456" });
    expect(wrong.status).toBe(401);
    expect((await b.post("/login/two-step", { code })).status).toBe(303);
    // The same code again, from another login: spent.
    const again = await passwordStep(email);
    expect((await again.post("/login/two-step", { code })).status).toBe(401);
    // No password step: no challenge cookie.
    const stranger = new TestBrowser(ctx);
    await stranger.get("/login/two-step");
    expect((await stranger.post("/login/two-step", { code: totpCode(secret, ctx.clock.now()) })).status).toBe(401);
  });

  it("rate-limits code guesses per account", async () => {
    const { email } = await enrolled();
    const b = await passwordStep(email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await b.post("/login/two-step", { code: "000001" })).status);
    expect(statuses.at(-1)).toBe(429);
  });

  it("accepts each recovery code once, in place of a code", async () => {
    const { email, codes } = await enrolled();
    const b = await passwordStep(email);
    expect((await b.post("/login/two-step", { code: codes[3]!.toUpperCase() })).status).toBe(303);
    expect((await b.get("/account")).html).toContain("9 recovery codes left");
    const again = await passwordStep(email);
    expect((await again.post("/login/two-step", { code: codes[3]! })).status).toBe(401);
  });

  it("takes the password to turn it off; then login needs the password alone", async () => {
    const { email, b } = await enrolled();
    await b.get("/account");
    const refused = await b.post("/account/two-step/disable", { password: "not my password" });
    expect(refused.status).toBe(401);
    const off = await b.post("/account/two-step/disable", { password: "correct horse battery" });
    expect(off.location).toBe("/account?two-step=off");
    const plain = await new TestBrowser(ctx).logIn(email);
    expect(plain.location).toBe("/account");
  });
});
