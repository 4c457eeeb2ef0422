import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { orgWithOwner } from "../support/team.js";

const ctx = useTestContext();

describe("a suspended member in the dashboard", () => {
  it("can no longer open the organization's pages, at once (even before deauthorizeAt)", async () => {
    const o = await orgWithOwner(ctx, "admin");
    expect((await o.browser.get(`/orgs/${o.organizationId}/team`)).status).toBe(200);
    const res = await call(ctx, "POST", `/v1/team/members/${o.userId}/suspend`, { key: o.adminKey, body: { deauthorizeAfter: 86_400 } });
    expect(res.status).toBe(200);
    const page = await o.browser.get(`/orgs/${o.organizationId}/team`);
    expect(page.status).toBe(403);
    expect(page.html).toContain("suspended");
  });

  it("can no longer manage the keys of a project they own there", async () => {
    const o = await orgWithOwner(ctx, "member");
    const p = await provision(ctx, o);
    await ctx.db.updateTable("projects").set({ owner_user_id: o.userId }).where("id", "=", p.projectId).execute();
    await o.browser.get("/account");
    expect((await o.browser.post(`/account/projects/${p.projectId}/keys`, { name: "Before" })).status).toBe(201);
    await call(ctx, "POST", `/v1/team/members/${o.userId}/suspend`, { key: o.adminKey, body: {} });
    await o.browser.get("/account");
    const refused = await o.browser.post(`/account/projects/${p.projectId}/keys`, { name: "After" });
    expect(refused.status).toBe(403);
  });

  it("gets the dashboard back on reactivation", async () => {
    const o = await orgWithOwner(ctx, "admin");
    await call(ctx, "POST", `/v1/team/members/${o.userId}/suspend`, { key: o.adminKey, body: {} });
    await call(ctx, "POST", `/v1/team/members/${o.userId}/reactivate`, { key: o.adminKey });
    expect((await o.browser.get(`/orgs/${o.organizationId}/team`)).status).toBe(200);
  });
});
