import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/domain/two-step.js";
import { browserWithCookie, TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { call } from "../support/http.js";
import { addMember, asMember, builtinGroupId } from "../support/members.js";
import { orgWithOwner } from "../support/team.js";
import { enrolTwoStep, secretOnPage } from "../support/two-step.js";

const ctx = useTestContext();

const browserOf = (cookie: string) => browserWithCookie(ctx, cookie);

const requireTwoStep = (o: { adminKey: string }, value: string) => call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { requireTwoStep: value } });

describe("policy requireTwoStep on the pages", () => {
  it("an owner sets it on the Policy page; then they are sent to enrol, and come back to the page they asked for", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const policy = await o.browser.get(`/orgs/${o.organizationId}/policy`);
    expect(policy.html).toContain('name="requireTwoStep"');
    const saved = await o.browser.post(`/orgs/${o.organizationId}/policy`, { deletePermission: "admins", autoDeleteSuspendedAfterDays: "", requireTwoStep: "admins" });
    expect(saved.status).toBe(303);
    const org = await ctx.db.selectFrom("organizations").select("require_two_step").where("id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(org.require_two_step).toBe("admins");

    const people = `/orgs/${o.organizationId}/people?state=active`;
    const refused = await o.browser.get(people);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('data-code="two_step_required"');
    expect(refused.html).toContain("requires two-step login for its owners and admins");
    expect(refused.html).toContain(`action="/account/two-step/start?next=${encodeURIComponent(people).replace(/&/g, "&amp;")}"`);

    const started = await o.browser.post(`/account/two-step/start?next=${encodeURIComponent(people)}`);
    expect(started.location).toBe(`/account/two-step?next=${encodeURIComponent(people)}`);
    const enrol = await o.browser.get(started.location!);
    const secret = secretOnPage(enrol.html);
    const done = await o.browser.post(`/account/two-step/confirm?next=${encodeURIComponent(people)}`, { code: totpCode(secret, ctx.clock.now()) });
    expect(done.status).toBe(200);
    expect(done.html).toContain(`href="${people.replace(/&/g, "&amp;")}"`);
    expect((await o.browser.get(people)).status).toBe(200);
  });

  it("`admins` covers owners and admins, not a member holding permissions through a group; `everyone` covers them too", async () => {
    const o = await org(ctx);
    const admin = await addMember(ctx, o, { role: "admin" });
    const manager = await addMember(ctx, o, { role: "member", groups: [await builtinGroupId(ctx, o)] });
    await requireTwoStep(o, "admins");
    const people = `/orgs/${o.organizationId}/people`;
    expect((await browserOf(admin.cookie).get(people)).status).toBe(403);
    expect((await browserOf(manager.cookie).get(people)).status).toBe(200);
    await requireTwoStep(o, "everyone");
    expect((await browserOf(manager.cookie).get(people)).html).toContain('data-code="two_step_required"');
    // A page that needs no permission at all is gated too.
    expect((await browserOf(manager.cookie).get(`/orgs/${o.organizationId}/settings`)).status).toBe(403);
    await enrolTwoStep(ctx, manager.userId);
    expect((await browserOf(manager.cookie).get(people)).status).toBe(200);
    await requireTwoStep(o, "none");
    expect((await browserOf(admin.cookie).get(people)).status).toBe(200);
  });

  it("gates the team pages (owner and admin guard) and form posts, which change nothing", async () => {
    const o = await org(ctx);
    const owner = await addMember(ctx, o, { role: "owner" });
    await requireTwoStep(o, "admins");
    const b = browserOf(owner.cookie);
    expect((await b.get(`/orgs/${o.organizationId}/team`)).status).toBe(403);
    expect((await b.get(`/orgs/${o.organizationId}/provisions/new`)).status).toBe(403);
    await b.get("/account"); // a CSRF token from a page the gate does not cover
    const post = await b.post(`/orgs/${o.organizationId}/policy`, { deletePermission: "admins", autoDeleteSuspendedAfterDays: "", requireTwoStep: "none" });
    expect(post.status).toBe(403);
    expect(post.html).toContain('data-code="two_step_required"');
    const row = await ctx.db.selectFrom("organizations").select("require_two_step").where("id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(row.require_two_step).toBe("admins");
    // The account page (where two-step login is turned on) stays open.
    expect((await b.get("/account")).status).toBe(200);
  });

  it("applies to the person's own session on the API too; keys are not people and are not gated", async () => {
    const o = await org(ctx);
    const admin = await addMember(ctx, o, { role: "admin" });
    await requireTwoStep(o, "admins");
    const bySession = await call(ctx, "GET", "/v1/team/members", { headers: asMember(admin) });
    expect(bySession.status).toBe(403);
    expect(bySession.body.code).toBe("two_step_required");
    expect((await call(ctx, "GET", "/v1/team/members", { key: o.adminKey })).status).toBe(200);
    await enrolTwoStep(ctx, admin.userId);
    expect((await call(ctx, "GET", "/v1/team/members", { headers: asMember(admin) })).status).toBe(200);
  });

  describe("security", () => {
    it("never tells an outsider about another organization's policy (404), and a visitor goes to log in", async () => {
      const o = await org(ctx);
      await requireTwoStep(o, "everyone");
      const other = await org(ctx);
      const outsider = await addMember(ctx, other, { role: "owner" });
      const res = await browserOf(outsider.cookie).get(`/orgs/${o.organizationId}/people`);
      expect(res.status).toBe(404);
      expect(res.html).not.toContain("two-step");
      const visitor = await new TestBrowser(ctx).get(`/orgs/${o.organizationId}/people`);
      expect(visitor.status).toBe(303);
      expect(visitor.location).toContain("/login?next=");
    });

    it("a suspended admin is refused as suspended, enrolled or not; an ended session goes to log in", async () => {
      const o = await org(ctx);
      const suspended = await addMember(ctx, o, { role: "admin", state: "suspended" });
      await requireTwoStep(o, "admins");
      expect((await browserOf(suspended.cookie).get(`/orgs/${o.organizationId}/people`)).html).toContain('data-code="member_suspended"');
      await enrolTwoStep(ctx, suspended.userId);
      expect((await browserOf(suspended.cookie).get(`/orgs/${o.organizationId}/people`)).status).toBe(403);
      const ended = await addMember(ctx, o, { role: "admin" });
      await ctx.db.deleteFrom("sessions").where("user_id", "=", ended.userId).execute();
      expect((await browserOf(ended.cookie).get(`/orgs/${o.organizationId}/people`)).status).toBe(303);
    });

    it("an enrolment still pending (secret shown, no code confirmed) does not count", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      await requireTwoStep(o, "admins");
      const b = browserOf(admin.cookie);
      await b.get("/account");
      await b.post("/account/two-step/start");
      expect((await b.get(`/orgs/${o.organizationId}/people`)).status).toBe(403);
    });
  });
});
