import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { newOrganization, useTestContext } from "../support/context.js";
import { issueOwnerSetupLink } from "../../src/services/bootstrap.js";

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

  describe("expiry and reissue (finding 11)", () => {
    it("the link expires after OWNER_SETUP_LINK_TTL_HOURS (72 by default): a 410 page, nobody becomes owner", async () => {
      const o = await newOrganization(ctx, "Lapsed");
      ctx.clock.advanceSeconds(72 * 3600 - 1);
      expect((await new TestBrowser(ctx).get(setupPath(o.ownerSetupUrl))).status).toBe(200);
      ctx.clock.advanceSeconds(1);
      const b = new TestBrowser(ctx);
      const page = await b.get(setupPath(o.ownerSetupUrl));
      expect(page.status).toBe(410);
      expect(page.html).toContain("This setup link has expired");
      expect(page.html).toContain("owner-setup-link");
      await b.get("/login"); // a CSRF token: the refusal page has no form
      const post = await b.post(setupPath(o.ownerSetupUrl), { name: "Late", email: `late${Date.now()}@example.com`, password: "correct horse battery" });
      expect(post.status).toBe(410);
      const owners = await ctx.db.selectFrom("memberships").select("user_id").where("organization_id", "=", o.organizationId).execute();
      expect(owners).toEqual([]);
    });

    it("a new link replaces the older ones, which stop working; it is audited", async () => {
      const o = await newOrganization(ctx, "Reissued");
      const fresh = await issueOwnerSetupLink(ctx.db, { organizationId: o.organizationId, publicUrl: ctx.config.publicUrl, now: ctx.clock.now(), ttlHours: 1 });
      expect(fresh.url).not.toBe(o.ownerSetupUrl);
      expect(fresh.expiresAt.getTime()).toBe(ctx.clock.now().getTime() + 3600_000);
      expect((await new TestBrowser(ctx).get(setupPath(o.ownerSetupUrl))).status).toBe(404);
      expect((await new TestBrowser(ctx).get(setupPath(fresh.url))).status).toBe(200);
      const audit = await ctx.db.selectFrom("audit_events").select("action").where("organization_id", "=", o.organizationId).execute();
      expect(audit.map((a) => a.action)).toContain("organization.owner_setup_link_issued");
      const rows = await ctx.db.selectFrom("owner_setup_tokens").selectAll().where("organization_id", "=", o.organizationId).execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(new URL(fresh.url).pathname.split("/")[2]);
    });
  });
});
