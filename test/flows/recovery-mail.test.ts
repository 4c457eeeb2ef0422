import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { call } from "../support/http.js";
import { beginRecoveryCall, claimedPerson, recoveryAction } from "../support/recovery.js";
import { mailEnv, useMailbox } from "../support/smtp.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

const NEW_PASSWORD = "brand new password 7";
const pathOf = (url: string) => url.replace("http://handoff.test", "");

async function recoveryMailTo(email: string) {
  await ctx.settle();
  const mails = box.to(email).filter((m) => m.subject.startsWith("Recover your Handoff account"));
  expect(mails.length, `no recovery mail to ${email}`).toBeGreaterThan(0);
  return mails.at(-1)!;
}

describe("account recovery by mail (a real SMTP server)", () => {
  it("mails the link (not returned to the admin); the page sets a new password; login waits for the admin; after completing, the new password works and the old does not", async () => {
    const o = await org(ctx, "Recovery Mail Co");
    const p = await claimedPerson(ctx, o);
    const res = await beginRecoveryCall(ctx, { key: o.adminKey }, [p.userId]);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ state: "recovery_started", mailed: true, recoveryUrl: null });

    const mail = await recoveryMailTo(p.email);
    expect(mail.subject).toBe("Recover your Handoff account for Recovery Mail Co");
    expect(mail.text).toContain("Recovery Mail Co");
    expect(mail.html).toContain("Set a new password");
    const link = box.linkIn(mail);
    expect(link).toMatch(/^http:\/\/handoff\.test\/recover\/[A-Za-z0-9_-]{43}$/);
    const token = link.split("/recover/")[1]!;
    const outbox = await ctx.db.selectFrom("mail_outbox").selectAll().where("subject_id", "=", p.userId).where("kind", "=", "recovery_link").execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ status: "sent", attempts: 1 });

    // The old password: refused with what to do.
    const before = new TestBrowser(ctx);
    const refused = await before.logIn(p.email, p.password);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("started the recovery of your account");

    const b = new TestBrowser(ctx);
    const form = await b.get(pathOf(link));
    expect(form.status).toBe(200);
    expect(form.html).toContain("Recover your account");
    expect(form.html).toContain(p.email);
    // Validation names the field; nothing is used up.
    const mismatch = await b.post(pathOf(link), { password: NEW_PASSWORD, confirm: "something else 12" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.html).toContain("Type the same password twice");
    const short = await b.post(pathOf(link), { password: "short", confirm: "short" });
    expect(short.status).toBe(400);
    expect(short.html).toContain("Use at least 10 characters");
    // No CSRF token: refused.
    const forged = await b.request("POST", pathOf(link), { form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
    expect(forged.status).toBe(403);

    const done = await b.post(pathOf(link), { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.html).toContain("New password set");
    expect(done.html).toContain("Recovery Mail Co completes the recovery next");
    // Used once.
    const again = await new TestBrowser(ctx).get(pathOf(link));
    expect(again.status).toBe(410);

    const waiting = await new TestBrowser(ctx).logIn(p.email, NEW_PASSWORD);
    expect(waiting.status).toBe(403);
    expect(waiting.html).toContain("once an admin of Recovery Mail Co completes your recovery");

    expect((await recoveryAction(ctx, { key: o.adminKey }, p.userId, "complete")).status).toBe(200);
    const ok = await new TestBrowser(ctx).logIn(p.email, NEW_PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.location).toBe("/account");
    expect((await new TestBrowser(ctx).logIn(p.email, p.password)).status).toBe(401);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);

    // The token never reaches the logs.
    expect(ctx.logs.join("\n")).not.toContain(token);
  });

  it("an expired link gets a page saying so; an unknown one a 404 page", async () => {
    const o = await org(ctx);
    const p = await claimedPerson(ctx, o);
    await beginRecoveryCall(ctx, { key: o.adminKey }, [p.userId]);
    const link = pathOf(box.linkIn(await recoveryMailTo(p.email)));
    ctx.clock.advance(24 * 3600_000);
    const expired = await new TestBrowser(ctx).get(link);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain("start the recovery again");
    expect((await new TestBrowser(ctx).get(`/recover/${"A".repeat(43)}`)).status).toBe(404);
    expect((await new TestBrowser(ctx).get("/recover/not-a-token")).status).toBe(404);
  });

  it("the form is rate-limited per address, and its body is bounded", async () => {
    const o = await org(ctx);
    const p = await claimedPerson(ctx, o);
    await beginRecoveryCall(ctx, { key: o.adminKey }, [p.userId]);
    const link = pathOf(box.linkIn(await recoveryMailTo(p.email)));
    const b = new TestBrowser(ctx);
    await b.get(link);
    const big = await b.post(link, { password: "x".repeat(20_000), confirm: "x" });
    expect(big.status).toBe(413);
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await b.post(link, { password: "short", confirm: "short" })).status;
    expect(last).toBe(429);
  });
});
