// Finding 12: tables that grew without bound. The sweeper removes expired sessions, rate-limit windows
// that ended, and invitations that expired unaccepted; what is still live stays.
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { field, orgWithOwner } from "../support/team.js";

const ctx = useTestContext();
const HOUR = 3600;

const count = async (table: "sessions" | "rate_limits" | "invitations" | "login_failures") =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe("the sweeper's housekeeping", () => {
  it("removes expired sessions, ended rate-limit windows and expired invitations; keeps live ones", async () => {
    await ctx.db.deleteFrom("sessions").execute();
    await ctx.db.deleteFrom("rate_limits").execute();
    await ctx.db.deleteFrom("login_failures").execute();
    const o = await orgWithOwner(ctx);
    await o.browser.get(`/orgs/${o.organizationId}/invitations/new`);
    const short = await o.browser.post(`/orgs/${o.organizationId}/invitations`, { role: "member", expiresIn: "3600" });
    expect(short.status).toBe(201);
    const accepted = await o.browser.post(`/orgs/${o.organizationId}/invitations`, { role: "member", expiresIn: "3600" });
    const joiner = await person(ctx);
    const path = new URL(field(accepted.html, "invite-url")).pathname;
    await joiner.browser.get(path);
    expect((await joiner.browser.post(path)).status).toBe(303);
    await new TestBrowser(ctx).logIn("nobody@example.com", "wrong password");
    expect(await count("sessions")).toBe(2);
    expect(await count("rate_limits")).toBeGreaterThan(0);
    expect(await count("login_failures")).toBeGreaterThan(0);
    const invitations = await ctx.db.selectFrom("invitations").select("id").where("organization_id", "=", o.organizationId).execute();
    expect(invitations).toHaveLength(2);

    // An hour on: the invitation has expired and every rate-limit window has ended; sessions live on.
    ctx.clock.advanceSeconds(HOUR + 1);
    const early = await sweep(ctx.deps);
    expect(early).toMatchObject({ invitationsPurged: 1, sessionsPurged: 0 });
    expect(early.rateLimitsPurged).toBeGreaterThan(0);
    expect(await count("rate_limits")).toBe(0);
    expect(await count("sessions")).toBe(2);
    const left = await ctx.db.selectFrom("invitations").select(["id", "accepted_at"]).where("organization_id", "=", o.organizationId).execute();
    expect(left).toHaveLength(1);
    expect(left[0]!.accepted_at).not.toBeNull(); // accepted invitations are records, kept

    // Past the session lifetime: the sessions are gone.
    ctx.clock.advanceSeconds(ctx.config.sessionTtlHours * HOUR);
    const late = await sweep(ctx.deps);
    expect(late.sessionsPurged).toBe(2);
    expect(await count("sessions")).toBe(0);
    expect(await count("login_failures")).toBe(0); // wrong-password counts are forgotten after a day
    expect((await sweep(ctx.deps)).batches).toBe(0); // nothing left: idempotent
  });
});
