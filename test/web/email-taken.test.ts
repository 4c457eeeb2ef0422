// Finding 9: one email, many simultaneous sign-ups (plain, on claim, invitation and setup links): one
// account, the rest a 409 saying the email is taken, never a 500 from the unique index.
import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { newOrganization, useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { field, orgWithOwner } from "../support/team.js";

const ctx = useTestContext();
const PASSWORD = "correct horse battery";

/** `n` visitors (each from its own address) who opened `pathOf(i)` and now post the same email at once. */
async function race(n: number, pathOf: (i: number) => string, email: string) {
  const browsers = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const b = new TestBrowser(ctx, `10.90.${i}.${Math.floor(Math.random() * 250)}`);
      const page = await b.get(pathOf(i));
      expect(page.status).toBe(200);
      return b;
    }),
  );
  const results = await Promise.all(browsers.map((b, i) => b.post(pathOf(i), { name: `Racer ${i}`, email, password: PASSWORD })));
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.filter((s) => s === 303)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(n - 1);
  for (const r of results.filter((r) => r.status === 409)) expect(r.html).toContain("already exists");
  const accounts = await ctx.db.selectFrom("users").select("id").where("email", "=", email).where("status", "=", "active").execute();
  expect(accounts).toHaveLength(1);
}

const unique = (what: string) => `${what}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;

describe("one email, simultaneous sign-ups", () => {
  it("20 sign-ups at once: one account, nineteen 409", async () => {
    await race(20, () => "/signup", unique("twenty"));
  });

  it("sign-ups on 10 claim links at once", async () => {
    const o = await org(ctx);
    const links: string[] = [];
    for (let i = 0; i < 10; i++) links.push(new URL((await provision(ctx, o)).claimUrl).pathname);
    await race(10, (i) => links[i]!, unique("claim"));
  });

  it("sign-ups on 10 invitation links at once", async () => {
    const o = await orgWithOwner(ctx);
    const links: string[] = [];
    for (let i = 0; i < 10; i++) {
      await o.browser.get(`/orgs/${o.organizationId}/invitations/new`);
      const res = await o.browser.post(`/orgs/${o.organizationId}/invitations`, { role: "member", expiresIn: "604800" });
      links.push(new URL(field(res.html, "invite-url")).pathname);
    }
    await race(10, (i) => links[i]!, unique("invite"));
  });

  it("sign-ups on 10 owner setup links at once", async () => {
    const links: string[] = [];
    for (let i = 0; i < 10; i++) links.push(new URL((await newOrganization(ctx, `Setup ${i}`)).ownerSetupUrl).pathname);
    await race(10, (i) => links[i]!, unique("setup"));
  });
});
