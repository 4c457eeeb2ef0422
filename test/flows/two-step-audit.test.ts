import { describe, expect, it } from "vitest";
import { person } from "../../src/domain/actors.js";
import { hashPassword } from "../../src/domain/password.js";
import { challengeFor, disableTwoStep, passSecondStep, startEnrolment } from "../../src/services/accounts/two-step.js";
import { useTestContext } from "../support/context.js";
import { org, type Org } from "../support/factories.js";
import { addMember } from "../support/members.js";
import { enrolTwoStep } from "../support/two-step.js";

const ctx = useTestContext();

const selfCtx = (userId: string) => ({ actor: person(userId), organizationId: null, requestId: null });

/** The two-step events about `userId`, per organization. */
async function twoStepEvents(userId: string) {
  const rows = await ctx.db
    .selectFrom("audit_events")
    .select(["organization_id", "action", "actor_type", "actor_id", "target_type", "metadata"])
    .where("target_id", "=", userId)
    .where("action", "like", "two\\_step.%")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows;
}

/** A person belonging to two organizations (active in one, suspended in the other), with a password. */
async function personInTwo(): Promise<{ a: Org; b: Org; outside: Org; userId: string }> {
  const a = await org(ctx);
  const b = await org(ctx);
  const outside = await org(ctx);
  const m = await addMember(ctx, a, { role: "admin" });
  await ctx.db
    .insertInto("memberships")
    .values({ organization_id: b.organizationId, user_id: m.userId, role: "member", state: "suspended", created_at: ctx.clock.now(), suspended_at: ctx.clock.now(), deauthorize_at: ctx.clock.now(), suspended_from: "active" })
    .execute();
  await ctx.db.updateTable("users").set({ password_hash: await hashPassword("correct horse battery", 1000) }).where("id", "=", m.userId).execute();
  return { a, b, outside, userId: m.userId };
}

describe("two-step audit events", () => {
  it("turning it on and off is recorded in every organization the person belongs to, and nowhere else", async () => {
    const { a, b, outside, userId } = await personInTwo();
    await enrolTwoStep(ctx, userId);
    ctx.clock.advance(1000);
    await disableTwoStep(ctx.deps, selfCtx(userId), userId, "correct horse battery");
    const events = await twoStepEvents(userId);
    const inOrg = (o: Org) => events.filter((e) => e.organization_id === o.organizationId).map((e) => e.action);
    expect(inOrg(a)).toEqual(["two_step.enabled", "two_step.disabled"]);
    expect(inOrg(b)).toEqual(["two_step.enabled", "two_step.disabled"]);
    expect(inOrg(outside)).toEqual([]);
    for (const e of events) expect([e.actor_type, e.actor_id, e.target_type]).toEqual(["user", userId, "user"]);
    expect(events.find((e) => e.action === "two_step.enabled")!.metadata).toEqual({ recoveryCodes: 10 });
    // Nothing secret in the trail: no code, no secret.
    expect(JSON.stringify(events)).not.toMatch(/[a-z0-9]{5}-[a-z0-9]{5}|secret/i);
  });

  it("a refused attempt to turn it off, or dropping an enrolment never confirmed, records nothing", async () => {
    const { userId } = await personInTwo();
    await startEnrolment(ctx.deps, selfCtx(userId), userId);
    await disableTwoStep(ctx.deps, selfCtx(userId), userId, "correct horse battery");
    await enrolTwoStep(ctx, userId);
    await expect(disableTwoStep(ctx.deps, selfCtx(userId), userId, "wrong password!")).rejects.toMatchObject({ code: "invalid_credentials" });
    expect((await twoStepEvents(userId)).map((e) => e.action)).toEqual(["two_step.enabled", "two_step.enabled"]);
  });

  it("a recovery code used at login is recorded with how many are left; fifty at once spend it once and record it once", async () => {
    const { a, userId } = await personInTwo();
    const { codes } = await enrolTwoStep(ctx, userId);
    const challenge = (await challengeFor(ctx.deps, userId))!;
    expect(await passSecondStep(ctx.deps, challenge, codes[0]!, "10.1.0.1")).toBe(userId);
    ctx.clock.advance(1000);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => passSecondStep(ctx.deps, challenge, codes[1]!, `10.2.${i}.1`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(["two_step_invalid", "rate_limited"]).toContain(r.reason.code);
    const used = (await twoStepEvents(userId)).filter((e) => e.action === "two_step.recovery_code_used" && e.organization_id === a.organizationId);
    expect(used.map((e) => e.metadata)).toEqual([{ recoveryCodesLeft: 9 }, { recoveryCodesLeft: 8 }]);
    // A wrong code records nothing more.
    await expect(passSecondStep(ctx.deps, challenge, codes[0]!, "10.3.0.1")).rejects.toMatchObject({ code: expect.stringMatching(/two_step_invalid|rate_limited/) });
    expect((await twoStepEvents(userId)).filter((e) => e.action === "two_step.recovery_code_used")).toHaveLength(4);
  });
});
