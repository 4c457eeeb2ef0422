import { describe, expect, it } from "vitest";
import { sweep } from "../../../src/services/sweeper/sweep.js";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { orgWithOwner } from "../../support/team.js";

const ctx = useTestContext();
const DAY = 86_400;

describe("reports", () => {
  it("idle: members not seen and keys unused for N days, as JSON and CSV; a session or team activity counts as seen", async () => {
    const o = await org(ctx);
    const idle = await addMember(ctx, o, { name: "Ida Idle" });
    const seen = await addMember(ctx, o, { name: "Sam Seen" });
    ctx.clock.advanceSeconds(40 * DAY);
    // Sam starts a session and acts on the team (a member with a permission: reading members).
    await ctx.db.insertInto("sessions").values({ id: "ses_recent", user_id: seen.userId, token_hash: "h-recent", created_at: ctx.clock.now(), expires_at: new Date(ctx.clock.now().getTime() + DAY * 1000) }).execute();
    const res = await call(ctx, "GET", "/v1/team/reports/idle?days=30", { key: o.adminKey });
    expect(res.status).toBe(200);
    const ids = res.body.members.map((m: any) => m.userId);
    expect(ids).toContain(idle.userId);
    expect(ids).not.toContain(seen.userId);
    expect(res.body.members.find((m: any) => m.userId === idle.userId)).toMatchObject({ name: "Ida Idle", lastSeenAt: null, state: "active" });
    // The organization's own admin key is used by these calls; no project key exists, so no key is listed as used.
    expect(res.body.keys.every((k: any) => typeof k.id === "string")).toBe(true);
    const csv = await ctx.app.request("/v1/team/reports/idle?days=30&format=csv", { headers: { authorization: `Bearer ${o.adminKey}` } });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("kind,id,name,email,role,state,projectId,ownerUserId,lastActiveAt");
    expect(text).toContain(`member,${idle.userId},Ida Idle`);
  });

  it("seats: counts by state now, and per day from the sweeper's hourly snapshots", async () => {
    const o = await org(ctx);
    await addMember(ctx, o);
    await addMember(ctx, o, { state: "suspended" });
    await addMember(ctx, o, { state: "awaiting_confirmation" });
    await sweep(ctx.deps);
    ctx.clock.advanceSeconds(DAY);
    await addMember(ctx, o);
    await sweep(ctx.deps);
    const res = await call(ctx, "GET", "/v1/team/reports/seats?days=7", { key: o.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.current).toEqual({ active: 2, pending: 0, awaitingConfirmation: 1, suspended: 1 });
    expect(res.body.history.map((h: any) => h.active)).toEqual([1, 2]);
    expect(res.body.history[0].day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("refuses a bad period (400 naming query.days)", async () => {
    const o = await org(ctx);
    const res = await call(ctx, "GET", "/v1/team/reports/idle?days=0", { key: o.adminKey });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("query.days");
  });

  itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/reports/idle" });
  itGuardsTeamSessions(ctx, "read_audit", () => ({ method: "GET", path: "/v1/team/reports/seats" }));

  it("the Reports page lists idle members with a one-click suspend that comes back to the report", async () => {
    const o = await orgWithOwner(ctx);
    const m = await addMember(ctx, o, { name: "Quiet Quinn" });
    // Joined 40 days ago and not seen since (the owner's session stays fresh).
    await ctx.db.updateTable("memberships").set({ created_at: new Date(ctx.clock.now().getTime() - 40 * DAY * 1000) }).where("user_id", "=", m.userId).execute();
    await ctx.db.deleteFrom("sessions").where("user_id", "=", m.userId).execute();
    const page = await o.browser.get(`/orgs/${o.organizationId}/reports?days=7`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Quiet Quinn");
    expect(page.html).toContain(`action="/orgs/${o.organizationId}/people/${m.userId}/suspend"`);
    expect(page.html).toContain(`name="days" value="7"`);
    // Back to the period the admin was looking at, not the default 30 days.
    const done = await o.browser.post(`/orgs/${o.organizationId}/people/${m.userId}/suspend`, { deauthorizeAfter: "0", back: "reports", days: "7" });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/orgs/${o.organizationId}/reports?days=7&notice=suspended`);
    // A NUL byte is refused before anything changes; a period out of range or not a number comes back
    // as the default, never into the address as given.
    const other = await addMember(ctx, o, { name: "Quiet Quentin" });
    const hostile = await o.browser.post(`/orgs/${o.organizationId}/people/${other.userId}/suspend`, { deauthorizeAfter: "0", back: "reports", days: "7\u0000" });
    expect(hostile.status).toBe(400);
    const untouched = await ctx.db.selectFrom("memberships").select("state").where("user_id", "=", other.userId).executeTakeFirstOrThrow();
    expect(untouched.state).not.toBe("suspended");
    const odd = await o.browser.post(`/orgs/${o.organizationId}/people/${other.userId}/suspend`, { deauthorizeAfter: "0", back: "reports", days: "99999<script>" });
    expect(odd.status).toBe(303);
    expect(odd.location).toBe(`/orgs/${o.organizationId}/reports?days=30&notice=suspended`);
    const state = await ctx.db.selectFrom("memberships").select("state").where("user_id", "=", m.userId).executeTakeFirstOrThrow();
    expect(state.state).toBe("suspended");
    const csv = await o.browser.get(`/orgs/${o.organizationId}/reports/idle.csv?days=30`);
    expect(csv.status).toBe(200);
  });
});
