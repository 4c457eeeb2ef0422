import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { newOrganization, useTestContext } from "../support/context.js";

const ctx = useTestContext();

const setupPath = (url: string) => new URL(url).pathname;

describe("owner setup link", () => {
  it("the first visitor creates the owner account; the link then stops working", async () => {
    const o = await newOrganization(ctx, "Stark");
    const b = new TestBrowser(ctx);
    const page = await b.get(setupPath(o.ownerSetupUrl));
    expect(page.status).toBe(200);
    expect(page.html).toContain("Become the owner of Stark");
    const done = await b.post(setupPath(o.ownerSetupUrl), { action: "new", name: "Tony", email: `tony${Date.now()}@example.com`, password: "correct horse battery" });
    expect(done.status).toBe(303);
    const user = await ctx.db.selectFrom("users").select("id").where("name", "=", "Tony").executeTakeFirstOrThrow();
    const m = await ctx.db.selectFrom("memberships").select("role").where("user_id", "=", user.id).where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(m.role).toBe("owner");
    const again = await new TestBrowser(ctx).get(setupPath(o.ownerSetupUrl));
    expect(again.status).toBe(410);
    expect(again.html).toContain("already has an owner");
  });

  it("a logged-in person can take ownership with their existing account", async () => {
    const o = await newOrganization(ctx, "Wayne");
    const { browser, userId } = await person(ctx);
    await browser.get(setupPath(o.ownerSetupUrl));
    const done = await browser.post(setupPath(o.ownerSetupUrl), { action: "existing" });
    expect(done.location).toBe("/account");
    const page = await browser.get("/account");
    expect(page.html).toContain("Wayne");
    const m = await ctx.db.selectFrom("memberships").select("role").where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(m.role).toBe("owner");
  });

  it("10 visitors racing for the link: exactly one becomes owner", async () => {
    const o = await newOrganization(ctx, "Race");
    const browsers = [];
    for (let i = 0; i < 10; i++) {
      const b = new TestBrowser(ctx);
      await b.get(setupPath(o.ownerSetupUrl));
      browsers.push(b);
    }
    const results = await Promise.all(
      browsers.map((b, i) => b.post(setupPath(o.ownerSetupUrl), { action: "new", name: `Racer ${i}`, email: `racer${i}-${Date.now()}@example.com`, password: "correct horse battery" })),
    );
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(9);
    const owners = await ctx.db.selectFrom("memberships").select("user_id").where("organization_id", "=", o.organizationId).where("role", "=", "owner").execute();
    expect(owners).toHaveLength(1);
  });

  it("an unknown link is a 404 page", async () => {
    const page = await new TestBrowser(ctx).get("/setup/not-a-real-token");
    expect(page.status).toBe(404);
    expect(page.html).toContain("This link does not work");
  });

  it("refuses a setup post without the CSRF token", async () => {
    const o = await newOrganization(ctx, "Csrf");
    const b = new TestBrowser(ctx);
    await b.get(setupPath(o.ownerSetupUrl));
    const res = await b.request("POST", setupPath(o.ownerSetupUrl), { form: { action: "new", name: "A", email: "a@example.com", password: "correct horse battery" } });
    expect(res.status).toBe(403);
    expect((await new TestBrowser(ctx).get(setupPath(o.ownerSetupUrl))).status).toBe(200);
  });
});
