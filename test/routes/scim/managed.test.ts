import { describe, expect, it } from "vitest";
import { TestBrowser } from "../../support/browser.js";
import { useTestContext } from "../../support/context.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions } from "../../support/members.js";
import { patchOp, scim, scimOrg, URN_USER } from "./support.js";

const ctx = useTestContext();

async function managedMember() {
  const o = await scimOrg(ctx);
  const m = await addMember(ctx, o, { name: "Linked Person" });
  // The identity provider matches the member and writes to them: that links them.
  const res = await scim(ctx, o, "PATCH", `/Users/${m.userId}`, patchOp({ op: "replace", path: "title", value: "Engineer" }));
  expect(res.status).toBe(200);
  return { o, m };
}

function browserOf(cookie: string) {
  const b = new TestBrowser(ctx);
  const [name, value] = cookie.split("=");
  b.cookies.set(name!, value!);
  return b;
}

describe("SCIM-managed members are locked against manual state changes", () => {
  it("the team API refuses suspend, reactivate and delete (409 scim_managed) while SCIM still acts; role changes stay allowed", async () => {
    const { o, m } = await managedMember();
    const member = await call(ctx, "GET", `/v1/team/members/${m.userId}`, { key: o.adminKey });
    expect(member.body.scimManaged).toBe(true);
    const suspend = await call(ctx, "POST", `/v1/team/members/${m.userId}/suspend`, { key: o.adminKey, body: {} });
    expect(suspend.status).toBe(409);
    expect(suspend.body.code).toBe("scim_managed");
    expect((await scim(ctx, o, "PATCH", `/Users/${m.userId}`, patchOp({ op: "replace", value: { active: false } }))).body.active).toBe(false);
    expect((await call(ctx, "POST", `/v1/team/members/${m.userId}/reactivate`, { key: o.adminKey })).body.code).toBe("scim_managed");
    expect((await call(ctx, "DELETE", `/v1/team/members/${m.userId}`, { key: o.adminKey })).body.code).toBe("scim_managed");
    expect((await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "admin" } })).status).toBe(200);
  });

  it("the People page says so and offers no state buttons; an owner unlinks the member, then the buttons are back", async () => {
    const { o, m } = await managedMember();
    const owner = await addMember(ctx, o, { role: "owner" });
    const browser = browserOf(owner.cookie);
    let page = await browser.get(`/orgs/${o.organizationId}/people`);
    const row = page.html.slice(page.html.indexOf(`data-user-id="${m.userId}"`));
    const cell = row.slice(0, row.indexOf("</tr>"));
    expect(cell).toContain("Managed by SCIM");
    expect(cell).toContain("Unlink from SCIM");
    expect(cell).not.toContain(`${m.userId}/suspend`);
    // A manual suspension posted anyway is refused by the service.
    expect((await browser.post(`/orgs/${o.organizationId}/people/${m.userId}/suspend`, { deauthorizeAfter: "0" })).status).toBe(409);
    const unlinked = await browser.post(`/orgs/${o.organizationId}/people/${m.userId}/unlink-scim`, {});
    expect(unlinked.status).toBe(303);
    page = await browser.get(`/orgs/${o.organizationId}/people`);
    const after = page.html.slice(page.html.indexOf(`data-user-id="${m.userId}"`));
    expect(after.slice(0, after.indexOf("</tr>"))).toContain(`${m.userId}/suspend`);
    expect((await auditActions(ctx, o, m.userId)).map((e) => e.action)).toContain("scim.user_unlinked");
    expect((await call(ctx, "POST", `/v1/team/members/${m.userId}/suspend`, { key: o.adminKey, body: {} })).status).toBe(200);
  });

  it("the unlink API: owners and the admin key only (an admin gets 403 owner_required), idempotent, 404 across organizations", async () => {
    const { o, m } = await managedMember();
    const admin = await addMember(ctx, o, { role: "admin" });
    const refused = await call(ctx, "DELETE", `/v1/team/members/${m.userId}/scim`, { headers: asMember(admin, { origin: "http://handoff.test" }) });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("owner_required");
    const other = await scimOrg(ctx);
    expect((await call(ctx, "DELETE", `/v1/team/members/${m.userId}/scim`, { key: other.adminKey })).status).toBe(404);
    const res = await call(ctx, "DELETE", `/v1/team/members/${m.userId}/scim`, { key: o.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.scimManaged).toBe(false);
    expect((await call(ctx, "DELETE", `/v1/team/members/${m.userId}/scim`, { key: o.adminKey })).status).toBe(200);
    // SCIM still sees the member, from their account now.
    const user = await scim(ctx, o, "GET", `/Users/${m.userId}`);
    expect(user.body.title).toBeUndefined();
    expect(user.body.userName).toBe(m.email);
    const created = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: m.email });
    expect(created.status).toBe(409);
  });
});
