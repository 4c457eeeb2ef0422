import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { call } from "../support/http.js";
import { orgWithOwner } from "../support/team.js";

const ctx = useTestContext();

describe("SCIM page", () => {
  it("an owner sees the base URL, creates a token shown once, sees it listed with its last use, and revokes it", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const page = await o.browser.get(`/orgs/${o.organizationId}/scim`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("http://handoff.test/scim/v2");
    expect(page.html).toContain("No token yet.");
    const created = await o.browser.post(`/orgs/${o.organizationId}/scim/tokens`, { name: "Entra ID" });
    expect(created.status).toBe(201);
    const token = /id="scim-token">(hnd_[A-Za-z0-9]+)</.exec(created.html)?.[1];
    expect(token).toBeDefined();
    expect((await call(ctx, "GET", "/scim/v2/Users", { key: token! })).status).toBe(200);
    await ctx.settle();
    const listed = await o.browser.get(`/orgs/${o.organizationId}/scim`);
    expect(listed.html).toContain("Entra ID");
    expect(listed.html).not.toContain(token!);
    expect(listed.html).not.toContain("Never");
    const row = await ctx.db.selectFrom("scim_tokens").select("id").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    const revoked = await o.browser.post(`/orgs/${o.organizationId}/scim/tokens/${row.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await call(ctx, "GET", "/scim/v2/Users", { key: token! })).status).toBe(401);
  });

  it("an admin sees the page but cannot create tokens; a member cannot open it", async () => {
    const a = await orgWithOwner(ctx, "admin");
    const page = await a.browser.get(`/orgs/${a.organizationId}/scim`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Only owners create and revoke SCIM tokens");
    expect((await a.browser.post(`/orgs/${a.organizationId}/scim/tokens`, { name: "x" })).status).toBe(403);
    const m = await orgWithOwner(ctx, "member");
    expect((await m.browser.get(`/orgs/${m.organizationId}/scim`)).status).toBe(403);
  });

  it("an owner chooses invitations for people without an account: saved in the policy, audited, shown checked", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const page = await o.browser.get(`/orgs/${o.organizationId}/scim`);
    expect(page.html).toMatch(/<input type="radio" name="scimNewPeople" value="provision" checked=""/);
    const saved = await o.browser.post(`/orgs/${o.organizationId}/scim/new-people`, { scimNewPeople: "invitation" });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/orgs/${o.organizationId}/scim?notice=saved`);
    const after = await o.browser.get(saved.location!);
    expect(after.html).toContain("Saved: people the identity provider creates");
    expect(after.html).toMatch(/<input type="radio" name="scimNewPeople" value="invitation" checked=""/);
    const org = await ctx.db.selectFrom("organizations").select("scim_new_people").where("id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(org.scim_new_people).toBe("invitation");
    const event = await ctx.db.selectFrom("audit_events").select("metadata").where("organization_id", "=", o.organizationId).where("action", "=", "policy.updated").executeTakeFirstOrThrow();
    expect(event.metadata).toEqual({ changes: { scimNewPeople: { from: "provision", to: "invitation" } } });
  });

  it("names a bad choice (400); admins see the choice but cannot change it (403); CSRF is checked", async () => {
    const o = await orgWithOwner(ctx, "owner");
    await o.browser.get(`/orgs/${o.organizationId}/scim`);
    const bad = await o.browser.post(`/orgs/${o.organizationId}/scim/new-people`, { scimNewPeople: "nothing" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Choose a provision or an invitation");
    expect((await o.browser.post(`/orgs/${o.organizationId}/scim/new-people`, { scimNewPeople: "invitation", _csrf: "forged" })).status).toBe(403);
    const a = await orgWithOwner(ctx, "admin");
    const page = await a.browser.get(`/orgs/${a.organizationId}/scim`);
    expect(page.html).toContain("Only owners change this");
    expect((await a.browser.post(`/orgs/${a.organizationId}/scim/new-people`, { scimNewPeople: "invitation" })).status).toBe(403);
    const org = await ctx.db.selectFrom("organizations").select("scim_new_people").where("id", "=", a.organizationId).executeTakeFirstOrThrow();
    expect(org.scim_new_people).toBe("provision");
  });

  it("refuses a form without its CSRF token", async () => {
    const o = await orgWithOwner(ctx, "owner");
    await o.browser.get(`/orgs/${o.organizationId}/scim`);
    const res = await o.browser.post(`/orgs/${o.organizationId}/scim/tokens`, { name: "x", _csrf: "forged" });
    expect(res.status).toBe(403);
  });
});
