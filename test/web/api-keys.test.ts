import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";
import { call } from "../support/http.js";
import { addMember, builtinGroupId } from "../support/members.js";
import { orgWithOwner } from "../support/team.js";

const ctx = useTestContext();

function browserOf(cookie: string) {
  const b = new TestBrowser(ctx);
  const [name, value] = cookie.split("=");
  b.cookies.set(name!, value!);
  return b;
}

const secretOn = (html: string) => /hnd_[A-Za-z0-9]{49}/.exec(html)?.[0];

describe("API keys page", () => {
  it("lists the bootstrap key; creates a scoped key shown once, rolls it and revokes it", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const base = `/orgs/${o.organizationId}/api-keys`;
    const page = await o.browser.get(base);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Bootstrap admin key");
    expect(page.html).toContain('name="scope_members:suspend"');

    const created = await o.browser.post(base, { name: "SIEM", "scope_members:read": "on", "scope_users.list": "on", expiresIn: "" });
    expect(created.status).toBe(201);
    const secret = secretOn(created.html)!;
    expect(secret).toBeDefined();
    expect((await call(ctx, "GET", "/v1/team/members", { key: secret })).status).toBe(200);
    const row = await ctx.db.selectFrom("api_keys").selectAll().where("name", "=", "SIEM").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(row.scopes).toEqual(["members:read", "users.list"]);
    expect(row.created_by_user_id).toBe(o.userId);
    expect((await o.browser.get(base)).html).not.toContain(secret);

    const rolled = await o.browser.post(`${base}/${row.id}/roll`, { gracePeriod: "0" });
    expect(rolled.status).toBe(200);
    const next = secretOn(rolled.html)!;
    expect(next).not.toBe(secret);
    expect((await call(ctx, "GET", "/v1/team/members", { key: secret })).status).toBe(401);
    const nextRow = await ctx.db.selectFrom("api_keys").select("id").where("replaced_by_key_id", "is", null).where("name", "=", "SIEM").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();

    await o.browser.get(base);
    const revoked = await o.browser.post(`${base}/${nextRow.id}/revoke`);
    expect(revoked.status).toBe(303);
    expect((await o.browser.get(revoked.location!)).html).toContain("Key revoked");
    expect((await call(ctx, "GET", "/v1/team/members", { key: next })).body.code).toBe("api_key_revoked");
  });

  it("refuses a key without scopes (400 naming them) and a post without the CSRF token", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const base = `/orgs/${o.organizationId}/api-keys`;
    await o.browser.get(base);
    const none = await o.browser.post(base, { name: "x", expiresIn: "" });
    expect(none.status).toBe(400);
    expect(none.html).toContain("Choose at least one scope");
    const forged = await o.browser.request("POST", base, { form: { name: "x", "scope_members:read": "on", expiresIn: "" } });
    expect(forged.status).toBe(403);
  });

  it("is refused to a member without manage_integrations, and a Provision Manager cannot reach it either", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const manager = await addMember(ctx, o, { groups: [await builtinGroupId(ctx, o)] });
    const res = await browserOf(manager.cookie).get(`/orgs/${o.organizationId}/api-keys`);
    expect(res.status).toBe(403);
    expect(res.html).toContain('data-code="permission_required"');
  });

  it("an admin cannot tick or grant a scope beyond their permissions", async () => {
    const o = await orgWithOwner(ctx, "owner");
    await ctx.db.updateTable("organizations").set({ delete_permission: "owners" }).where("id", "=", o.organizationId).execute();
    const admin = await addMember(ctx, o, { role: "admin" });
    const b = browserOf(admin.cookie);
    const page = await b.get(`/orgs/${o.organizationId}/api-keys`);
    expect(page.html).toMatch(/name="scope_members:delete" disabled/);
    const res = await b.post(`/orgs/${o.organizationId}/api-keys`, { name: "x", "scope_members:delete": "on", expiresIn: "" });
    expect(res.status).toBe(403);
    expect(res.html).toContain('data-code="insufficient_scope"');
  });
});

describe("OAuth apps page", () => {
  it("creates an app (secret shown once), disables, enables and deletes it; refused without manage_integrations", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const base = `/orgs/${o.organizationId}/oauth-apps`;
    expect((await o.browser.get(base)).status).toBe(200);
    const created = await o.browser.post(base, { name: "SIEM", "scope_users.list": "on" });
    expect(created.status).toBe(201);
    expect(created.html).toMatch(/hcs_[A-Za-z0-9_-]{43}/);
    const row = await ctx.db.selectFrom("oauth_clients").selectAll().where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(row.scopes).toEqual(["users.list"]);
    await o.browser.get(base);
    const disabled = await o.browser.post(`${base}/${row.id}/disable`);
    expect(disabled.status).toBe(303);
    expect((await ctx.db.selectFrom("oauth_clients").select("disabled_at").where("id", "=", row.id).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
    expect((await o.browser.get(disabled.location!)).html).toContain("App disabled");
    expect((await o.browser.post(`${base}/${row.id}/enable`)).status).toBe(303);
    expect((await o.browser.post(`${base}/${row.id}/delete`)).status).toBe(303);
    expect(await ctx.db.selectFrom("oauth_clients").select("id").where("id", "=", row.id).executeTakeFirst()).toBeUndefined();
    const member = await addMember(ctx, o, { role: "member" });
    expect((await browserOf(member.cookie).get(base)).status).toBe(403);
  });
});
