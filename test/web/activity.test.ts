import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { addMember } from "../support/members.js";
import { orgWithOwner } from "../support/team.js";
import { TestBrowser } from "../support/browser.js";

const ctx = useTestContext();

describe("the Activity page", () => {
  it("shows the trail with filters, pages, and an export link that downloads it", async () => {
    const o = await orgWithOwner(ctx);
    ctx.clock.advance(1000);
    const p = await provision(ctx, o, { role: "member" });
    const all = await o.browser.get(`/orgs/${o.organizationId}/activity`);
    expect(all.status).toBe(200);
    expect(all.html).toContain("provision.created");
    expect(all.html).toContain(p.id);
    expect(all.html).toContain(`href="/orgs/${o.organizationId}/activity/export?format=csv"`);
    const filtered = await o.browser.get(`/orgs/${o.organizationId}/activity?action=organization.created&since=&until=`);
    expect(filtered.html).not.toContain(p.id);
    const bad = await o.browser.get(`/orgs/${o.organizationId}/activity?action=nope&since=garbage&cursor=%00`);
    expect([200, 400]).toContain(bad.status);
    const csv = await ctx.app.request(`/orgs/${o.organizationId}/activity/export?format=csv&action=provision.created`, {
      headers: { cookie: [...o.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = (await csv.text()).trimEnd().split("\r\n");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(p.id);
  });

  it("shows recent access alerts apart (where they are seen without mail)", async () => {
    const o = await orgWithOwner(ctx);
    const m = await addMember(ctx, o, { name: "Ada Raised" });
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect((await o.browser.post(`/orgs/${o.organizationId}/people/${m.userId}/role`, { role: "admin" })).status).toBe(303);
    const page = await o.browser.get(`/orgs/${o.organizationId}/activity`);
    expect(page.html).toContain("Recent alerts");
    expect(page.html).toContain(`Member ${m.userId} was made admin`);
  });

  it("is refused to a member without read_audit and to another organization's owner", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    const browser = new TestBrowser(ctx);
    browser.cookies.set("handoff_session", m.cookie.split("=")[1]!);
    expect((await browser.get(`/orgs/${o.organizationId}/activity`)).status).toBe(403);
    expect((await browser.get(`/orgs/${o.organizationId}/activity/export`)).status).toBe(403);
    const other = await orgWithOwner(ctx);
    expect((await other.browser.get(`/orgs/${o.organizationId}/activity`)).status).toBe(404);
  });

  it("sends a visitor to log in", async () => {
    const o = await org(ctx);
    const res = await new TestBrowser(ctx).get(`/orgs/${o.organizationId}/activity`);
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login\?next=/);
  });
});
