import { describe, expect, it } from "vitest";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { addMember } from "../support/members.js";

const ctx = useTestContext();
const DAY = 86_400_000;

describe("the sweeper deletes members suspended past autoDeleteSuspendedAfterDays", () => {
  it("deletes them (and their projects) from the moment the policy's days have passed, not before", async () => {
    const o = await org(ctx);
    await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { autoDeleteSuspendedAfterDays: 2 } });
    const m = await addMember(ctx, o);
    const p = await provision(ctx, o);
    await ctx.db.updateTable("projects").set({ owner_user_id: m.userId }).where("id", "=", p.projectId).execute();
    await ctx.db.updateTable("provisions").set({ status: "claimed" }).where("id", "=", p.id).execute();
    await call(ctx, "POST", `/v1/team/members/${m.userId}/suspend`, { key: o.adminKey, body: {} });
    const suspendedAt = ctx.clock.now().getTime();

    expect((await sweep(ctx.deps, { now: new Date(suspendedAt + 2 * DAY - 1) })).membersDeleted).toBe(0);
    const run = await sweep(ctx.deps, { now: new Date(suspendedAt + 2 * DAY) });
    expect(run.membersDeleted).toBe(1);
    expect(await ctx.db.selectFrom("memberships").select("user_id").where("user_id", "=", m.userId).executeTakeFirst()).toBeUndefined();
    expect(await ctx.db.selectFrom("projects").select("id").where("id", "=", p.projectId).executeTakeFirst()).toBeUndefined();
    const event = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", m.userId).where("action", "=", "member.deleted").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: "system", actor_id: "sweeper", metadata: expect.objectContaining({ reason: "auto_delete_suspended" }) });
    expect((await sweep(ctx.deps, { now: new Date(suspendedAt + 3 * DAY) })).membersDeleted).toBe(0);
  });

  it("leaves organizations without the policy, active members and other organizations alone", async () => {
    const withPolicy = await org(ctx);
    const without = await org(ctx);
    await call(ctx, "PATCH", "/v1/team/policy", { key: withPolicy.adminKey, body: { autoDeleteSuspendedAfterDays: 1 } });
    const active = await addMember(ctx, withPolicy);
    const keep = await addMember(ctx, without);
    await call(ctx, "POST", `/v1/team/members/${keep.userId}/suspend`, { key: without.adminKey, body: {} });
    await sweep(ctx.deps, { now: new Date(ctx.clock.now().getTime() + 10 * DAY) });
    const left = await ctx.db.selectFrom("memberships").select("user_id").where("user_id", "in", [active.userId, keep.userId]).execute();
    expect(left).toHaveLength(2);
  });
});
