import { describe, expect, it } from "vitest";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { field, orgWithOwner } from "../support/team.js";

const ctx = useTestContext();

async function provisionFromDashboard(o: Awaited<ReturnType<typeof orgWithOwner>>, fields: Record<string, string> = {}) {
  const form = await o.browser.get(`/orgs/${o.organizationId}/provisions/new`);
  expect(form.status).toBe(200);
  // No mail configured here: the form says the link is handed over by hand, and offers no box.
  expect(form.html).toContain("Mail is not configured on this server");
  expect(form.html).not.toContain('name="sendEmail"');
  const idem = /name="idempotencyKey" value="([^"]+)"/.exec(form.html)![1]!;
  const res = await o.browser.post(`/orgs/${o.organizationId}/provisions`, { role: "member", skipOnboarding: "on", expiresIn: "604800", idempotencyKey: idem, ...fields });
  return { res, idem };
}

describe("the admin dashboard", () => {
  describe("happy", () => {
    it("shows the Team entry to owners and admins, and the Team page lists members and provisions", async () => {
      const o = await orgWithOwner(ctx);
      await provision(ctx, o, { name: "Pending Pam", email: "pam@example.com" });
      const account = await o.browser.get("/account");
      expect(account.html).toContain('href="/team"');
      const team = await o.browser.get("/team");
      expect(team.location).toBe(`/orgs/${o.organizationId}/team`);
      const page = await o.browser.get(team.location!);
      expect(page.status).toBe(200);
      for (const text of ["Olivia Owner", "owner", "Pending Pam", "pam@example.com", "pending", "in 7 d 0 h", "Admin API key", "Provision new user"]) {
        expect(page.html).toContain(text);
      }
    });

    it("provisions from the form: the result shows claim link, API key, user and project ids, and the key works", async () => {
      const o = await orgWithOwner(ctx);
      const { res } = await provisionFromDashboard(o, { name: "Dash Dana", email: "dana@example.com", projectName: "Dash project", role: "admin" });
      expect(res.status).toBe(201);
      const apiKey = field(res.html, "api-key");
      const claimUrl = field(res.html, "claim-url");
      expect(apiKey).toMatch(/^hnd_/);
      expect(claimUrl).toMatch(/^http:\/\/handoff\.test\/claim\//);
      expect(field(res.html, "user-id")).toMatch(/^usr_/);
      expect(field(res.html, "project-id")).toMatch(/^prj_/);
      expect(res.html).toContain("The API key is shown once.");
      expect(res.html).toContain('data-copy="api-key"');
      const me = await call(ctx, "GET", "/v1/me", { key: apiKey });
      expect(me.status).toBe(200);
      expect(me.body.project.name).toBe("Dash project");
      const record = await ctx.db.selectFrom("provisions").selectAll().where("project_id", "=", me.body.project.id).executeTakeFirstOrThrow();
      expect(record).toMatchObject({ role: "admin", created_by_type: "user", created_by_id: o.userId });
    });

    it("submitting the same form twice provisions once and shows the same key", async () => {
      const o = await orgWithOwner(ctx);
      const first = await provisionFromDashboard(o, { name: "Twice" });
      const again = await o.browser.post(`/orgs/${o.organizationId}/provisions`, { role: "member", skipOnboarding: "on", expiresIn: "604800", idempotencyKey: first.idem, name: "Twice" });
      expect(field(again.html, "api-key")).toBe(field(first.res.html, "api-key"));
      const rows = await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", o.organizationId).execute();
      expect(rows).toHaveLength(1);
    });

    it("provision detail: history, regenerate link (old one stops), cancel with confirmation (key stops)", async () => {
      const o = await orgWithOwner(ctx);
      const p = await provision(ctx, o, { name: "Detail Dan" });
      const detail = await o.browser.get(`/orgs/${o.organizationId}/provisions/${p.id}`);
      expect(detail.status).toBe(200);
      expect(detail.html).toContain("Provisioned");
      const regen = await o.browser.post(`/orgs/${o.organizationId}/provisions/${p.id}/claim-link`);
      expect(regen.status).toBe(200);
      const newUrl = field(regen.html, "claim-url");
      expect(newUrl).not.toBe(p.claimUrl);
      expect(regen.html).toContain("New claim link issued");
      expect((await call(ctx, "GET", "/v1/claims/preview", { headers: { "claim-token": p.claimUrl.split("/claim/")[1]! } })).status).toBe(410);
      const confirm = await o.browser.get(`/orgs/${o.organizationId}/provisions/${p.id}/cancel`);
      expect(confirm.html).toContain("Yes, cancel provision");
      const cancelled = await o.browser.post(`/orgs/${o.organizationId}/provisions/${p.id}/cancel`);
      expect(cancelled.location).toBe(`/orgs/${o.organizationId}/provisions/${p.id}?notice=cancelled`);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
      const after = await o.browser.get(cancelled.location!);
      expect(after.html).toContain("cancelled");
      expect(after.html).not.toContain("Regenerate claim link");
    });

    it("filters provisions by status and paginates", async () => {
      const o = await orgWithOwner(ctx);
      for (let i = 0; i < 27; i++) {
        await provision(ctx, o, { name: `Bulk ${i}` });
        ctx.clock.advance(10);
      }
      const cancelled = await provision(ctx, o, { name: "Gone Gary" });
      await call(ctx, "DELETE", `/v1/team/provisions/${cancelled.id}`, { key: o.adminKey });
      // Placeholder users are members too (state "Provisioned"): look at the provisions table only.
      const provisionsOf = (html: string) => html.slice(html.indexOf('id="provisions"'));
      const page1 = await o.browser.get(`/orgs/${o.organizationId}/team?status=pending`);
      expect(provisionsOf(page1.html)).toContain("Bulk 26");
      expect(provisionsOf(page1.html)).not.toContain("Gone Gary");
      const next = /href="([^"]*cursor=[^"]*)"/.exec(page1.html)![1]!.replace(/&amp;/g, "&");
      const page2 = await o.browser.get(next);
      expect(provisionsOf(page2.html)).toContain("Bulk 0");
      expect(provisionsOf(page2.html)).not.toContain("Bulk 26");
      const onlyCancelled = await o.browser.get(`/orgs/${o.organizationId}/team?status=cancelled`);
      expect(provisionsOf(onlyCancelled.html)).toContain("Gone Gary");
      expect(provisionsOf(onlyCancelled.html)).not.toContain("Bulk 1<");
    });

    it("account page: create, roll and revoke keys of my project; a new key is shown once and works", async () => {
      const o = await orgWithOwner(ctx);
      const p = await provision(ctx, o);
      const { browser } = await person(ctx);
      await browser.request("POST", "/v1/claims", { json: { token: p.claimUrl.split("/claim/")[1] } });
      const account = await browser.get("/account");
      expect(account.html).toContain("Create key");
      const created = await browser.post(`/account/projects/${p.projectId}/keys`, { name: "laptop" });
      expect(created.status).toBe(201);
      const key = field(created.html, "api-key");
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      const keyId = (await call(ctx, "GET", "/v1/me", { key })).body.key.id;
      await browser.get("/account");
      const rolled = await browser.post(`/account/keys/${keyId}/roll`, { gracePeriod: "0" });
      expect(rolled.status).toBe(200);
      const newKey = field(rolled.html, "api-key");
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(401);
      expect((await call(ctx, "GET", "/v1/me", { key: newKey })).status).toBe(200);
      const newKeyId = (await call(ctx, "GET", "/v1/me", { key: newKey })).body.key.id;
      await browser.get("/account");
      const revoked = await browser.post(`/account/keys/${newKeyId}/revoke`);
      expect(revoked.location).toBe("/account?revoked=1");
      expect((await call(ctx, "GET", "/v1/me", { key: newKey })).status).toBe(401);
    });
  });

  describe("security", () => {
    it("a member cannot reach admin pages (403) and sees no Team entry", async () => {
      const m = await orgWithOwner(ctx, "member");
      const account = await m.browser.get("/account");
      expect(account.html).not.toContain('href="/team"');
      expect((await m.browser.get("/team")).status).toBe(403);
      expect((await m.browser.get(`/orgs/${m.organizationId}/team`)).status).toBe(403);
      expect((await m.browser.get(`/orgs/${m.organizationId}/provisions/new`)).status).toBe(403);
      const post = await m.browser.post(`/orgs/${m.organizationId}/provisions`, { role: "admin", expiresIn: "604800", idempotencyKey: "x".repeat(20) });
      expect(post.status).toBe(403);
      expect(await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", m.organizationId).execute()).toEqual([]);
    });

    it("an owner of one organization gets 404 for another organization's pages and provisions", async () => {
      const a = await orgWithOwner(ctx);
      const b = await orgWithOwner(ctx);
      const p = await provision(ctx, b);
      expect((await a.browser.get(`/orgs/${b.organizationId}/team`)).status).toBe(404);
      expect((await a.browser.get(`/orgs/${a.organizationId}/provisions/${p.id}`)).status).toBe(404);
      expect((await a.browser.post(`/orgs/${a.organizationId}/provisions/${p.id}/cancel`)).status).toBe(404);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });

    it("sends visitors to log in", async () => {
      const a = await orgWithOwner(ctx);
      const { TestBrowser } = await import("../support/browser.js");
      const res = await new TestBrowser(ctx).get(`/orgs/${a.organizationId}/team`);
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/login?next=${encodeURIComponent(`/orgs/${a.organizationId}/team`)}`);
    });

    it("refuses dashboard form posts without the CSRF token", async () => {
      const o = await orgWithOwner(ctx);
      const p = await provision(ctx, o);
      const res = await o.browser.request("POST", `/orgs/${o.organizationId}/provisions/${p.id}/cancel`, { form: {} });
      expect(res.status).toBe(403);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });

    it("cannot manage keys of a project I do not own", async () => {
      const o = await orgWithOwner(ctx);
      const p = await provision(ctx, o);
      const stranger = await person(ctx);
      await stranger.browser.get("/account");
      expect((await stranger.browser.post(`/account/projects/${p.projectId}/keys`, { name: "x" })).status).toBe(404);
      expect((await stranger.browser.post(`/account/keys/${p.apiKeyId}/revoke`)).status).toBe(404);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    });

    it("escapes what people type", async () => {
      const o = await orgWithOwner(ctx);
      await provision(ctx, o, { name: '<script>alert("x")</script>' });
      const page = await o.browser.get(`/orgs/${o.organizationId}/team`);
      expect(page.html).not.toContain('<script>alert("x")</script>');
      expect(page.html).toContain("&lt;script&gt;");
    });
  });
});
