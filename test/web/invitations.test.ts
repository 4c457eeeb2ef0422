import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { field, orgWithOwner } from "../support/team.js";

const ctx = useTestContext();
const PASSWORD = "correct horse battery";

async function invite(o: Awaited<ReturnType<typeof orgWithOwner>>, fields: Record<string, string> = {}) {
  await o.browser.get(`/orgs/${o.organizationId}/invitations/new`);
  const res = await o.browser.post(`/orgs/${o.organizationId}/invitations`, { role: "member", expiresIn: "604800", ...fields });
  expect(res.status).toBe(201);
  return new URL(field(res.html, "invite-url")).pathname;
}

async function roleOf(organizationId: string, userId: string) {
  return (await ctx.db.selectFrom("memberships").select("role").where("organization_id", "=", organizationId).where("user_id", "=", userId).executeTakeFirst())?.role;
}

describe("invitations", () => {
  describe("happy", () => {
    it("the Team page offers Invite beside Provision new user; a new person signs up through the link and is a member", async () => {
      const o = await orgWithOwner(ctx);
      const team = await o.browser.get(`/orgs/${o.organizationId}/team`);
      expect(team.html).toContain(">Invite</a>");
      const path = await invite(o, { role: "admin" });
      const b = new TestBrowser(ctx);
      const page = await b.get(path);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Join as an admin");
      const email = `invitee${Date.now()}@example.com`;
      const done = await b.post(path, { name: "Ivy", email, password: PASSWORD });
      expect(done.location).toBe("/account?joined=1");
      const user = await ctx.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
      expect(await roleOf(o.organizationId, user.id)).toBe("admin");
      expect((await b.get("/account?joined=1")).html).toContain("Invitation accepted");
    });

    it("an existing person accepts; most permissive role wins", async () => {
      const o = await orgWithOwner(ctx);
      const who = await person(ctx);
      await ctx.db.insertInto("memberships").values({ organization_id: o.organizationId, user_id: who.userId, role: "admin", created_at: ctx.clock.now() }).execute();
      const path = await invite(o, { role: "member" });
      await who.browser.get(path);
      const done = await who.browser.post(path);
      expect(done.location).toBe("/account?joined=1");
      expect(await roleOf(o.organizationId, who.userId)).toBe("admin");
    });
  });

  describe("errors", () => {
    it("a used link is 409, an expired one 410, an unknown one 404, another email 403", async () => {
      const o = await orgWithOwner(ctx);
      const used = await invite(o);
      const first = new TestBrowser(ctx);
      await first.get(used);
      await first.post(used, { name: "A", email: `a${Date.now()}@example.com`, password: PASSWORD });
      expect((await new TestBrowser(ctx).get(used)).status).toBe(409);
      const bound = await invite(o, { email: "only@example.com" });
      const stranger = await person(ctx);
      expect((await stranger.browser.get(bound)).status).toBe(403);
      expect((await new TestBrowser(ctx).get("/invite/nope")).status).toBe(404);
      const short = await invite(o, { expiresIn: "86400" });
      ctx.clock.advanceSeconds(86401);
      expect((await new TestBrowser(ctx).get(short)).status).toBe(410);
    });

    it("names a bad field in the invite form", async () => {
      const o = await orgWithOwner(ctx);
      await o.browser.get(`/orgs/${o.organizationId}/invitations/new`);
      const res = await o.browser.post(`/orgs/${o.organizationId}/invitations`, { role: "member", email: "nope", expiresIn: "604800" });
      expect(res.status).toBe(400);
      expect(res.html).toContain("Enter a valid email address");
    });
  });

  describe("security", () => {
    it("members cannot invite (403); outsiders get 404; CSRF is checked", async () => {
      const m = await orgWithOwner(ctx, "member");
      expect((await m.browser.get(`/orgs/${m.organizationId}/invitations/new`)).status).toBe(403);
      expect((await m.browser.post(`/orgs/${m.organizationId}/invitations`, { role: "admin", expiresIn: "604800" })).status).toBe(403);
      const other = await orgWithOwner(ctx);
      expect((await other.browser.get(`/orgs/${m.organizationId}/invitations/new`)).status).toBe(404);
      const o = await orgWithOwner(ctx);
      const res = await o.browser.request("POST", `/orgs/${o.organizationId}/invitations`, { form: { role: "member", expiresIn: "604800" } });
      expect(res.status).toBe(403);
    });

    it("10 people racing for one link: exactly one joins", async () => {
      const o = await orgWithOwner(ctx);
      const path = await invite(o);
      const browsers = [];
      for (let i = 0; i < 10; i++) {
        const b = new TestBrowser(ctx);
        await b.get(path);
        browsers.push(b);
      }
      const results = await Promise.all(browsers.map((b, i) => b.post(path, { name: `R${i}`, email: `race${i}-${Date.now()}@example.com`, password: PASSWORD })));
      expect(results.filter((r) => r.status === 303)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    });

    it("stores only a hash of the link's token", async () => {
      const o = await orgWithOwner(ctx);
      const path = await invite(o);
      const token = path.split("/invite/")[1]!;
      const rows = await ctx.db.selectFrom("invitations").select("token_hash").execute();
      expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    });
  });
});
