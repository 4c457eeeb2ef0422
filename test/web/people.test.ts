import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { addMember, builtinGroupId } from "../support/members.js";
import { orgWithOwner } from "../support/team.js";

const ctx = useTestContext();

/** A browser carrying a member's session (as addMember makes it). */
function browserOf(cookie: string) {
  const b = new TestBrowser(ctx);
  const [name, value] = cookie.split("=");
  b.cookies.set(name!, value!);
  return b;
}

const state = async (orgId: string, userId: string) =>
  (await ctx.db.selectFrom("memberships").select(["state", "role", "deauthorize_at"]).where("organization_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst()) ?? null;

describe("People page", () => {
  it("lists people, filters by state, role, group and a search, and shows only the allowed buttons", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const group = await builtinGroupId(ctx, o);
    await addMember(ctx, o, { name: "Ada Waiting", state: "awaiting_confirmation" });
    await addMember(ctx, o, { name: "Bob Suspended", state: "suspended" });
    await addMember(ctx, o, { name: "Cy Manager", groups: [group] });
    const all = await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect(all.status).toBe(200);
    for (const name of ["Ada Waiting", "Bob Suspended", "Cy Manager", "Olivia Owner"]) expect(all.html).toContain(name);
    expect(all.html).toContain("Confirm all");
    expect(all.html).toContain("Reactivate");
    expect(all.html).toContain("Delete…");
    expect(all.html).toContain('name="deauthorizeAfter"');

    const byState = await o.browser.get(`/orgs/${o.organizationId}/people?state=suspended`);
    expect(byState.html).toContain("Bob Suspended");
    expect(byState.html).not.toContain("Ada Waiting");
    const byGroup = await o.browser.get(`/orgs/${o.organizationId}/people?group=${group}&state=&role=`);
    expect(byGroup.html).toContain("Cy Manager");
    expect(byGroup.html).not.toContain("Bob Suspended");
    const byRole = await o.browser.get(`/orgs/${o.organizationId}/people?role=owner`);
    expect(byRole.html).toContain("Olivia Owner");
    expect(byRole.html).not.toContain("Cy Manager");
    const search = await o.browser.get(`/orgs/${o.organizationId}/people?q=ada`);
    expect(search.html).toContain("Ada Waiting");
    expect(search.html).not.toContain("Cy Manager");
  });

  it("suspend (devices after 1 hour) → reactivate → suspend → delete with the projects transferred", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const m = await addMember(ctx, o, { name: "Dee Leaving" });
    const base = `/orgs/${o.organizationId}/people/${m.userId}`;
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    const suspended = await o.browser.post(`${base}/suspend`, { deauthorizeAfter: "3600" });
    expect(suspended.status).toBe(303);
    const after = await state(o.organizationId, m.userId);
    expect(after?.state).toBe("suspended");
    expect(after!.deauthorize_at!.getTime() - ctx.clock.now().getTime()).toBe(3600_000);
    expect((await o.browser.get(suspended.location!)).html).toContain("Suspended.");

    expect((await o.browser.post(`${base}/reactivate`)).status).toBe(303);
    expect((await state(o.organizationId, m.userId))?.state).toBe("active");

    await o.browser.post(`${base}/suspend`, { deauthorizeAfter: "0" });
    const confirm = await o.browser.get(`${base}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain("Transfer them to a member");
    const deleted = await o.browser.post(`${base}/delete`, { projects: "transfer", transferTo: o.userId });
    expect(deleted.status).toBe(303);
    expect(await state(o.organizationId, m.userId)).toBeNull();
  });

  it("refuses bad forms with 400 naming the problem: an unknown delay, a transfer without a member", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const m = await addMember(ctx, o, { state: "suspended" });
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    const bad = await o.browser.post(`/orgs/${o.organizationId}/people/${m.userId}/suspend`, { deauthorizeAfter: "5" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Choose when their devices stop working");
    const noOne = await o.browser.post(`/orgs/${o.organizationId}/people/${m.userId}/delete`, { projects: "transfer" });
    expect(noOne.status).toBe(400);
    expect((await state(o.organizationId, m.userId))?.state).toBe("suspended");
  });

  it("confirms one and all, and changes a role", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const a = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const b = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const c = await addMember(ctx, o, { state: "awaiting_confirmation" });
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect((await o.browser.post(`/orgs/${o.organizationId}/people/${a.userId}/confirm`)).status).toBe(303);
    expect((await state(o.organizationId, a.userId))?.state).toBe("active");
    expect((await o.browser.post(`/orgs/${o.organizationId}/people/confirm-all`)).status).toBe(303);
    expect((await state(o.organizationId, b.userId))?.state).toBe("active");
    expect((await state(o.organizationId, c.userId))?.state).toBe("active");
    expect((await o.browser.post(`/orgs/${o.organizationId}/people/${a.userId}/role`, { role: "admin" })).status).toBe(303);
    expect((await state(o.organizationId, a.userId))?.role).toBe("admin");
  });

  it("refuses a post without the CSRF token", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const m = await addMember(ctx, o);
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    const res = await o.browser.request("POST", `/orgs/${o.organizationId}/people/${m.userId}/suspend`, { form: { deauthorizeAfter: "0" } });
    expect(res.status).toBe(403);
    expect((await state(o.organizationId, m.userId))?.state).toBe("active");
  });

  it("a Provision Manager sees Confirm but no Suspend, Delete or role buttons, and the server refuses them (403 permission_required)", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const group = await builtinGroupId(ctx, o);
    const manager = await addMember(ctx, o, { groups: [group] });
    const target = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const b = browserOf(manager.cookie);
    const page = await b.get(`/orgs/${o.organizationId}/people`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Confirm all");
    expect(page.html).not.toContain('name="deauthorizeAfter"');
    expect(page.html).not.toContain("Change role");
    const refused = await b.post(`/orgs/${o.organizationId}/people/${target.userId}/suspend`, { deauthorizeAfter: "0" });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('data-code="permission_required"');
    expect(refused.html).toContain("Ask an owner or admin");
    expect((await state(o.organizationId, target.userId))?.state).toBe("awaiting_confirmation");
    // Their Invite button leads to a form they may use (provision), as the API allows.
    expect(page.html).toContain(`/orgs/${o.organizationId}/invitations/new`);
    expect((await b.get(`/orgs/${o.organizationId}/invitations/new`)).status).toBe(200);
    expect((await b.post(`/orgs/${o.organizationId}/invitations`, { role: "member", email: "", expiresIn: "86400" })).status).toBe(201);
  });

  it("a member without any permission gets 403; someone of another organization 404; a visitor goes to log in", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const plain = await addMember(ctx, o);
    expect((await browserOf(plain.cookie).get(`/orgs/${o.organizationId}/people`)).status).toBe(403);
    const other = await orgWithOwner(ctx, "owner");
    expect((await other.browser.get(`/orgs/${o.organizationId}/people`)).status).toBe(404);
    expect((await other.browser.get(`/orgs/${o.organizationId}/groups`)).status).toBe(404);
    expect((await other.browser.get(`/orgs/${o.organizationId}/policy`)).status).toBe(404);
    const target = await addMember(ctx, o);
    await other.browser.get("/account");
    expect((await other.browser.post(`/orgs/${o.organizationId}/people/${target.userId}/suspend`, { deauthorizeAfter: "0" })).status).toBe(404);
    expect((await new TestBrowser(ctx).get(`/orgs/${o.organizationId}/people`)).status).toBe(303);
  });

  it("a suspended or unconfirmed member sees a page that says so and what to do", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const waiting = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const page = await browserOf(waiting.cookie).get(`/orgs/${o.organizationId}/people`);
    expect(page.status).toBe(403);
    expect(page.html).toContain("Your membership awaits confirmation");
    expect(page.html).toContain("Ask them to confirm you");
    const account = await browserOf(waiting.cookie).get("/account");
    expect(account.html).toContain("Awaiting confirmation");
    const suspended = await addMember(ctx, o, { state: "suspended" });
    const s = await browserOf(suspended.cookie).get(`/orgs/${o.organizationId}/groups`);
    expect(s.status).toBe(403);
    expect(s.html).toContain("Your membership is suspended");
    expect(s.html).toContain("reactivate you");
  });
});

describe("Groups page", () => {
  it("creates a group, edits its permissions, adds and removes a member; the built-in group cannot be deleted", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const m = await addMember(ctx, o, { name: "Gus Grouped" });
    await o.browser.get(`/orgs/${o.organizationId}/groups`);
    const created = await o.browser.post(`/orgs/${o.organizationId}/groups`, { name: "Auditors", description: "Read the log", perm_read_audit: "on" });
    expect(created.status).toBe(303);
    const groupUrl = created.location!.split("?")[0]!;
    const g = await ctx.db.selectFrom("groups").selectAll().where("organization_id", "=", o.organizationId).where("name", "=", "Auditors").executeTakeFirstOrThrow();
    expect(g.permissions).toEqual(["read_audit"]);
    await o.browser.get(groupUrl);
    expect((await o.browser.post(groupUrl, { name: "Auditors", description: "", perm_read_audit: "on", perm_confirm: "on" })).status).toBe(303);
    expect((await ctx.db.selectFrom("groups").select("permissions").where("id", "=", g.id).executeTakeFirstOrThrow()).permissions).toEqual(["confirm", "read_audit"]);
    expect((await o.browser.post(`${groupUrl}/members`, { userId: m.userId })).status).toBe(303);
    expect((await o.browser.get(groupUrl)).html).toContain("Gus Grouped");
    expect((await o.browser.post(`${groupUrl}/members/${m.userId}/remove`)).status).toBe(303);
    const builtin = await builtinGroupId(ctx, o);
    const builtinPage = await o.browser.get(`/orgs/${o.organizationId}/groups/${builtin}`);
    expect(builtinPage.html).toContain("built-in group");
    expect(builtinPage.html).not.toContain("Delete group");
    expect((await o.browser.post(`/orgs/${o.organizationId}/groups/${builtin}/delete`)).status).toBe(409);
    expect((await o.browser.post(`${groupUrl}/delete`)).status).toBe(303);
  });

  it("a member holding a permission but not manage_groups sees the groups read-only and cannot create one", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const manager = await addMember(ctx, o, { groups: [await builtinGroupId(ctx, o)] });
    const b = browserOf(manager.cookie);
    const page = await b.get(`/orgs/${o.organizationId}/groups`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("Create group");
    expect((await b.post(`/orgs/${o.organizationId}/groups`, { name: "Mine" })).status).toBe(403);
  });
});

describe("Policy and Settings pages", () => {
  it("an owner changes the policy; bad days are refused with 400", async () => {
    const o = await orgWithOwner(ctx, "owner");
    await o.browser.get(`/orgs/${o.organizationId}/policy`);
    const saved = await o.browser.post(`/orgs/${o.organizationId}/policy`, { confirmationRequired: "on", deletePermission: "admins", autoDeleteSuspendedAfterDays: "30" });
    expect(saved.status).toBe(303);
    const row = await ctx.db.selectFrom("organizations").selectAll().where("id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect([row.confirmation_required, row.delete_permission, row.auto_delete_suspended_after_days]).toEqual([true, "admins", 30]);
    const bad = await o.browser.post(`/orgs/${o.organizationId}/policy`, { deletePermission: "owners", autoDeleteSuspendedAfterDays: "999" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("At most 180 days");
    await o.browser.post(`/orgs/${o.organizationId}/policy`, { deletePermission: "owners", autoDeleteSuspendedAfterDays: "" });
    expect((await ctx.db.selectFrom("organizations").select("auto_delete_suspended_after_days").where("id", "=", o.organizationId).executeTakeFirstOrThrow()).auto_delete_suspended_after_days).toBeNull();
  });

  it("an admin sees the policy read-only and is refused a change (403)", async () => {
    const o = await orgWithOwner(ctx, "admin");
    const page = await o.browser.get(`/orgs/${o.organizationId}/policy`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Only owners change the policy");
    expect(page.html).not.toContain("Save policy");
    expect((await o.browser.post(`/orgs/${o.organizationId}/policy`, { deletePermission: "admins", autoDeleteSuspendedAfterDays: "" })).status).toBe(403);
  });

  it("an owner renames the organization; an admin cannot", async () => {
    const o = await orgWithOwner(ctx, "owner");
    await o.browser.get(`/orgs/${o.organizationId}/settings`);
    expect((await o.browser.post(`/orgs/${o.organizationId}/settings`, { name: "Renamed Inc" })).status).toBe(303);
    expect((await o.browser.get(`/orgs/${o.organizationId}/people`)).html).toContain("Renamed Inc");
    const a = await orgWithOwner(ctx, "admin");
    await a.browser.get(`/orgs/${a.organizationId}/settings`);
    expect((await a.browser.post(`/orgs/${a.organizationId}/settings`, { name: "Nope" })).status).toBe(403);
  });
});

describe("creating an organization from the account page", () => {
  it("a person without one creates it and becomes its owner", async () => {
    const p = await person(ctx, "Nora New");
    const account = await p.browser.get("/account");
    expect(account.html).toContain("You do not belong to an organization yet");
    expect(account.html).toContain("Create organization");
    const created = await p.browser.post("/organizations", { name: "Nora's Org" });
    expect(created.status).toBe(303);
    const people = await p.browser.get(created.location!);
    expect(people.status).toBe(200);
    expect(people.html).toContain("Organization created");
    expect((await p.browser.post("/organizations", { name: "" })).status).toBe(400);
  });
});

describe("SELF_SERVICE_ORGS=false", () => {
  const off = useTestContext({ SELF_SERVICE_ORGS: "false" });
  it("the account page says to ask for an invitation, and the form is refused", async () => {
    const p = await person(off, "Ivy Invited");
    const account = await p.browser.get("/account");
    expect(account.html).toContain("owner or admin for an invitation");
    expect(account.html).not.toContain("Create organization");
    const refused = await p.browser.post("/organizations", { name: "Mine" });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Creating organizations is turned off");
  });
});
