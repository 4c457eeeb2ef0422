import { describe, expect, it } from "vitest";
import { browserWithCookie, TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";
import { call } from "../support/http.js";
import { addMember } from "../support/members.js";
import { claimedPerson, loginOutcome } from "../support/recovery.js";
import { orgWithOwner } from "../support/team.js";

const ctx = useTestContext();

const stateOf = async (orgId: string, userId: string) =>
  (await ctx.db.selectFrom("memberships").select("state").where("organization_id", "=", orgId).where("user_id", "=", userId).executeTakeFirstOrThrow()).state;

const browserOf = (cookie: string) => browserWithCookie(ctx, cookie);

describe("People page: account recovery", () => {
  it("Start recovery (no mail: the link is shown once) → the person sets a password → Complete recovery; the buttons follow the state", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const p = await claimedPerson(ctx, o);
    const base = `/orgs/${o.organizationId}/people/${p.userId}`;
    const page = await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect(page.html).toContain(`action="${base}/recovery/start"`);
    expect(page.html).not.toContain(`action="${base}/recovery/complete"`);

    const started = await o.browser.post(`${base}/recovery/start`);
    expect(started.status).toBe(200);
    expect(started.html).toContain("Recovery started");
    const link = /(http:\/\/handoff\.test\/recover\/[A-Za-z0-9_-]{43})/.exec(started.html)![1]!;
    expect(await stateOf(o.organizationId, p.userId)).toBe("recovery_started");
    const during = await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect(during.html).toContain("waiting for them to set a new password");
    expect(during.html).toContain(`action="${base}/recovery/cancel"`);
    expect(during.html).not.toContain(`action="${base}/recovery/start"`);
    // Not before they set a password: the refusal gets its own page.
    const early = await o.browser.post(`${base}/recovery/complete`);
    expect(early.status).toBe(409);

    const person = new TestBrowser(ctx);
    const path = new URL(link).pathname;
    await person.get(path);
    expect((await person.post(path, { password: "fresh password 42", confirm: "fresh password 42" })).status).toBe(200);
    const accepted = await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect(accepted.html).toContain(`action="${base}/recovery/complete"`);

    const done = await o.browser.post(`${base}/recovery/complete`);
    expect(done.status).toBe(303);
    expect(done.location).toContain("notice=recovery-completed");
    expect(await stateOf(o.organizationId, p.userId)).toBe("active");
    expect(await loginOutcome(ctx, p.email, "fresh password 42")).toBe("ok");
  });

  it("Cancel recovery returns them to active; the form needs its CSRF token", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const p = await claimedPerson(ctx, o);
    const base = `/orgs/${o.organizationId}/people/${p.userId}`;
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    const forged = await o.browser.request("POST", `${base}/recovery/start`, { form: {} });
    expect(forged.status).toBe(403);
    expect(await stateOf(o.organizationId, p.userId)).toBe("active");
    await o.browser.post(`${base}/recovery/start`);
    await o.browser.get(`/orgs/${o.organizationId}/people`);
    const cancelled = await o.browser.post(`${base}/recovery/cancel`);
    expect(cancelled.status).toBe(303);
    expect(await stateOf(o.organizationId, p.userId)).toBe("active");
    expect(await loginOutcome(ctx, p.email, p.password)).toBe("ok");
  });

  it("shows no recovery buttons without `recover`, and refuses the post (403)", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const p = await claimedPerson(ctx, o);
    // A confirmer: sees the People page, may not recover.
    const group = await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: "Confirmers", permissions: ["confirm"] } });
    const member = await addMember(ctx, o, { role: "member", groups: [group.body.id] });
    const b = browserOf(member.cookie);
    const page = await b.get(`/orgs/${o.organizationId}/people`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(p.email);
    expect(page.html).not.toContain("/recovery/start");
    const res = await b.post(`/orgs/${o.organizationId}/people/${p.userId}/recovery/start`);
    expect(res.status).toBe(403);
    expect(await stateOf(o.organizationId, p.userId)).toBe("active");
  });

  it("an admin sees no Start recovery for an owner, and the post is refused (409 recovery_not_allowed)", async () => {
    const o = await orgWithOwner(ctx, "owner");
    const admin = await addMember(ctx, o, { role: "admin" });
    const b = browserOf(admin.cookie);
    const page = await b.get(`/orgs/${o.organizationId}/people`);
    expect(page.html).not.toContain(`people/${o.userId}/recovery/start`);
    const res = await b.post(`/orgs/${o.organizationId}/people/${o.userId}/recovery/start`);
    expect(res.status).toBe(409);
    expect(res.html).toContain("Only an owner can recover");
  });
});
