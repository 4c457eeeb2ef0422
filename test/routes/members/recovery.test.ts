import { describe, expect, it } from "vitest";
import { acceptRecovery } from "../../../src/services/accounts/recovery-link.js";
import { useTestContext } from "../../support/context.js";
import { org, provision, type Org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, builtinGroupId, itGuardsTeamSessions, visitor } from "../../support/members.js";
import { beginRecoveryCall, claimedPerson, loginOutcome, recoveryAction, recoveryTokenOf } from "../../support/recovery.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

const begin = (o: Org, userIds: unknown) => beginRecoveryCall(ctx, { key: o.adminKey }, userIds);
const complete = (o: Org, userId: string) => recoveryAction(ctx, { key: o.adminKey }, userId, "complete");
const cancel = (o: Org, userId: string) => recoveryAction(ctx, { key: o.adminKey }, userId, "cancel");
const me = (key: string) => call(ctx, "GET", "/v1/me", { key });
const stateOf = async (o: Org, userId: string) =>
  (await ctx.db.selectFrom("memberships").select("state").where("organization_id", "=", o.organizationId).where("user_id", "=", userId).executeTakeFirstOrThrow()).state;
const NEW_PASSWORD = "new password 0002";

async function started(o: Org) {
  const p = await claimedPerson(ctx, o);
  const res = await begin(o, [p.userId]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...p, token: recoveryTokenOf(res.body.results[0].recoveryUrl) };
}

describe("account recovery: POST /v1/team/recovery, /v1/team/members/{userId}/recovery/complete and /cancel", () => {
  describe("happy", () => {
    it("begin → the password stops working and sessions end; the link sets a new one and resets two-step; complete → login works; the key works throughout", async () => {
      const o = await org(ctx);
      const p = await claimedPerson(ctx, o);
      expect(await loginOutcome(ctx, p.email, p.password)).toBe("ok");
      const sessionsBefore = await ctx.db.selectFrom("sessions").select("id").where("user_id", "=", p.userId).execute();
      expect(sessionsBefore.length).toBeGreaterThan(0);
      await ctx.db.insertInto("two_step").values({ user_id: p.userId, secret_sealed: "s1:sealed", enabled_at: ctx.clock.now(), recovery_code_hashes: JSON.stringify(["a", "b"]), created_at: ctx.clock.now() }).execute();
      expect((await me(p.apiKey)).status).toBe(200);

      const res = await begin(o, [p.userId]);
      expect(res.status).toBe(200);
      const [result] = res.body.results;
      expect(result).toMatchObject({ userId: p.userId, state: "recovery_started", mailed: false, expiresAt: new Date(ctx.clock.now().getTime() + 24 * 3600_000).toISOString() });
      expect(result.recoveryUrl).toMatch(/^http:\/\/handoff\.test\/recover\/[A-Za-z0-9_-]{43}$/);
      expect(await stateOf(o, p.userId)).toBe("recovery_started");
      expect(await ctx.db.selectFrom("sessions").select("id").where("user_id", "=", p.userId).execute()).toEqual([]);
      expect(await loginOutcome(ctx, p.email, p.password)).toBe("account_in_recovery");
      expect(await loginOutcome(ctx, p.email, "a wrong password 9")).toBe("invalid_credentials");
      expect((await me(p.apiKey)).status).toBe(200);
      // Only the token's hash is kept.
      const token = recoveryTokenOf(result.recoveryUrl);
      // Each step a second apart, so the audit trail's order is the order of the steps.
      ctx.clock.advance(1000);
      const stored = await ctx.db.selectFrom("account_recoveries").selectAll().where("user_id", "=", p.userId).execute();
      expect(JSON.stringify(stored)).not.toContain(token);

      await acceptRecovery(ctx.deps, visitor, token, NEW_PASSWORD);
      ctx.clock.advance(1000);
      expect(await stateOf(o, p.userId)).toBe("recovery_accepted");
      expect(await ctx.db.selectFrom("two_step").select("user_id").where("user_id", "=", p.userId).execute()).toEqual([]);
      // As in 1Password: the new password waits for an admin to complete the recovery.
      expect(await loginOutcome(ctx, p.email, NEW_PASSWORD)).toBe("account_in_recovery");
      expect(await loginOutcome(ctx, p.email, p.password)).toBe("invalid_credentials");
      expect((await me(p.apiKey)).status).toBe(200);

      const done = await complete(o, p.userId);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ userId: p.userId, state: "active" });
      expect(await loginOutcome(ctx, p.email, NEW_PASSWORD)).toBe("ok");
      expect(await loginOutcome(ctx, p.email, p.password)).toBe("invalid_credentials");
      expect((await me(p.apiKey)).status).toBe(200);
      const events = await auditActions(ctx, o, p.userId);
      const actions = events.map((e) => e.action).filter((a) => a.startsWith("member."));
      expect(actions).toEqual(["member.recovery_started", "member.recovery_accepted", "member.recovery_completed"]);
      // The reset two-step login is an event too, by the person who followed the link.
      expect(events.filter((e) => e.action === "two_step.disabled")).toEqual([
        { action: "two_step.disabled", metadata: { reason: "account_recovery" }, actor_type: "user", actor_id: p.userId },
      ]);
      const accepted = (await auditActions(ctx, o, p.userId)).find((e) => e.action === "member.recovery_accepted");
      expect(accepted).toMatchObject({ actor_type: "user", actor_id: p.userId });
    });

    it("starts up to 10 at once, one result per person in the order given; refusals do not stop the others", async () => {
      const o = await org(ctx);
      const people = await Promise.all(Array.from({ length: 7 }, () => claimedPerson(ctx, o)));
      const pending = await provision(ctx, o);
      const elsewhere = await claimedPerson(ctx, o);
      const other = await org(ctx);
      await ctx.db.insertInto("memberships").values({ organization_id: other.organizationId, user_id: elsewhere.userId, role: "member", created_at: ctx.clock.now() }).execute();
      const ids = [...people.map((p) => p.userId), pending.userId, elsewhere.userId, "usr_nobody"];
      const res = await begin(o, ids);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: any) => r.userId)).toEqual(ids);
      for (const r of res.body.results.slice(0, 7)) expect(r).toMatchObject({ state: "recovery_started" });
      expect(res.body.results[7]).toMatchObject({ error: { code: "member_not_active" } });
      expect(res.body.results[8]).toMatchObject({ error: { code: "recovery_not_allowed" } });
      expect(res.body.results[8].error.detail).toContain("another organization");
      expect(res.body.results[9]).toMatchObject({ error: { code: "not_found" } });
      expect(await stateOf(o, elsewhere.userId)).toBe("active");
      expect(await loginOutcome(ctx, elsewhere.email, elsewhere.password)).toBe("ok");
    });

    it("starting again sends a new link and the previous one stops working", async () => {
      const o = await org(ctx);
      const p = await started(o);
      ctx.clock.advance(1000);
      const again = await begin(o, [p.userId]);
      expect(again.body.results[0]).toMatchObject({ state: "recovery_started" });
      const fresh = recoveryTokenOf(again.body.results[0].recoveryUrl);
      ctx.clock.advance(1000);
      await expect(acceptRecovery(ctx.deps, visitor, p.token, NEW_PASSWORD)).rejects.toMatchObject({ code: "recovery_link_used" });
      await acceptRecovery(ctx.deps, visitor, fresh, NEW_PASSWORD);
      const events = await auditActions(ctx, o, p.userId);
      expect(events.map((e) => e.action)).toEqual(["member.recovery_started", "member.recovery_started", "member.recovery_accepted"]);
      expect(events[1]!.metadata).toMatchObject({ resent: true });
    });

    it("cancel before acceptance: the old password works again and the link no longer does", async () => {
      const o = await org(ctx);
      const p = await started(o);
      ctx.clock.advance(1000);
      const res = await cancel(o, p.userId);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe("active");
      expect(await loginOutcome(ctx, p.email, p.password)).toBe("ok");
      await expect(acceptRecovery(ctx.deps, visitor, p.token, NEW_PASSWORD)).rejects.toMatchObject({ code: "recovery_link_used" });
      const events = await auditActions(ctx, o, p.userId);
      expect(events.at(-1)).toMatchObject({ action: "member.recovery_cancelled", metadata: { from: "recovery_started" } });
    });

    it("cancel after acceptance: the new password stays", async () => {
      const o = await org(ctx);
      const p = await started(o);
      await acceptRecovery(ctx.deps, visitor, p.token, NEW_PASSWORD);
      expect((await cancel(o, p.userId)).body.state).toBe("active");
      expect(await loginOutcome(ctx, p.email, NEW_PASSWORD)).toBe("ok");
      expect(await loginOutcome(ctx, p.email, p.password)).toBe("invalid_credentials");
    });

    it("a Provision Manager may recover; an owner may recover an owner; the server's key may too", async () => {
      const o = await org(ctx);
      const pm = await addMember(ctx, o, { groups: [await builtinGroupId(ctx, o)] });
      const p = await claimedPerson(ctx, o);
      const res = await beginRecoveryCall(ctx, { headers: asMember(pm) }, [p.userId]);
      expect(res.body.results[0]).toMatchObject({ state: "recovery_started" });
      const [event] = await auditActions(ctx, o, p.userId);
      expect(event).toMatchObject({ action: "member.recovery_started", actor_type: "user", actor_id: pm.userId });

      const owner = await addMember(ctx, o, { role: "owner" });
      const otherOwner = await claimedPerson(ctx, o);
      await ctx.db.updateTable("memberships").set({ role: "owner" }).where("user_id", "=", otherOwner.userId).execute();
      const byOwner = await beginRecoveryCall(ctx, { headers: asMember(owner) }, [otherOwner.userId]);
      expect(byOwner.body.results[0]).toMatchObject({ state: "recovery_started" });
      expect((await recoveryAction(ctx, { headers: asMember(owner) }, otherOwner.userId, "cancel")).status).toBe(200);
      expect((await begin(o, [otherOwner.userId])).body.results[0]).toMatchObject({ state: "recovery_started" });
    });

    it("a member managed by SCIM can still be recovered", async () => {
      const o = await org(ctx);
      const p = await claimedPerson(ctx, o);
      const now = ctx.clock.now();
      await ctx.db.insertInto("scim_users").values({ organization_id: o.organizationId, user_id: p.userId, user_name: p.email, external_id: null, attributes: "{}", created_at: now, updated_at: now }).execute();
      expect((await call(ctx, "GET", `/v1/team/members/${p.userId}`, { key: o.adminKey })).body.scimManaged).toBe(true);
      const res = await begin(o, [p.userId]);
      expect(res.body.results[0]).toMatchObject({ state: "recovery_started" });
      await acceptRecovery(ctx.deps, visitor, recoveryTokenOf(res.body.results[0].recoveryUrl), NEW_PASSWORD);
      expect((await complete(o, p.userId)).body.state).toBe("active");
    });

    it("50 concurrent completes: exactly one succeeds, the others get 409 member_not_in_recovery", async () => {
      const o = await org(ctx);
      const p = await started(o);
      await acceptRecovery(ctx.deps, visitor, p.token, NEW_PASSWORD);
      const replies = await Promise.all(Array.from({ length: 50 }, () => complete(o, p.userId)));
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      for (const r of replies.filter((r) => r.status === 409)) expect(r.body.code).toBe("member_not_in_recovery");
      expect((await auditActions(ctx, o, p.userId)).filter((e) => e.action === "member.recovery_completed")).toHaveLength(1);
      expect(await stateOf(o, p.userId)).toBe("active");
    });

    it("a single-use link: 50 concurrent acceptances set one password", async () => {
      const o = await org(ctx);
      const p = await started(o);
      const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => acceptRecovery(ctx.deps, visitor, p.token, `password number ${i}`)));
      expect(outcomes.filter((x) => x.status === "fulfilled")).toHaveLength(1);
      for (const x of outcomes) if (x.status === "rejected") expect(x.reason).toMatchObject({ code: "recovery_link_used" });
      expect((await auditActions(ctx, o, p.userId)).filter((e) => e.action === "member.recovery_accepted")).toHaveLength(1);
    });
  });

  describe("errors", () => {
    it("refuses a body without 1–10 distinct user ids (400 naming userIds)", async () => {
      const o = await org(ctx);
      const eleven = Array.from({ length: 11 }, (_, i) => `usr_person${i}`);
      for (const userIds of [[], eleven, ["usr_same", "usr_same"], "usr_x", [42]]) {
        const res = await begin(o, userIds);
        expect(res.status, JSON.stringify(userIds)).toBe(400);
        expect(res.body.code).toBe("validation_failed");
        expect(res.body.errors[0].path).toMatch(/^userIds/);
      }
      const missing = await call(ctx, "POST", "/v1/team/recovery", { key: o.adminKey, body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].path).toBe("userIds");
      expect((await call(ctx, "POST", "/v1/team/recovery", { key: o.adminKey, body: { userIds: ["usr_a"], surprise: 1 } })).status).toBe(400);
      const ten = await begin(o, Array.from({ length: 10 }, (_, i) => `usr_person${i}`));
      expect(ten.status).toBe(200);
      expect(ten.body.results).toHaveLength(10);
    });

    it("complete before the person set a password: 409 recovery_not_accepted; outside recovery: 409 member_not_in_recovery; unknown: 404", async () => {
      const o = await org(ctx);
      const p = await started(o);
      const early = await complete(o, p.userId);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe("recovery_not_accepted");
      const active = await addMember(ctx, o);
      for (const res of [await complete(o, active.userId), await cancel(o, active.userId)]) {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe("member_not_in_recovery");
      }
      expect((await complete(o, "usr_nobody")).status).toBe(404);
      expect((await cancel(o, "usr_nobody")).status).toBe(404);
    });

    it("refuses a suspended or pending member (member_not_active)", async () => {
      const o = await org(ctx);
      const s = await addMember(ctx, o, { state: "suspended" });
      const res = await begin(o, [s.userId]);
      expect(res.body.results[0]).toMatchObject({ error: { code: "member_not_active" } });
    });

    it("a link expires, and works once", async () => {
      const o = await org(ctx);
      const p = await started(o);
      ctx.clock.advance(24 * 3600_000);
      await expect(acceptRecovery(ctx.deps, visitor, p.token, NEW_PASSWORD)).rejects.toMatchObject({ code: "recovery_link_expired" });
      const q = await started(o);
      await acceptRecovery(ctx.deps, visitor, q.token, NEW_PASSWORD);
      await expect(acceptRecovery(ctx.deps, visitor, q.token, "another password 3")).rejects.toMatchObject({ code: "recovery_link_used" });
      await expect(acceptRecovery(ctx.deps, visitor, "x".repeat(43), NEW_PASSWORD)).rejects.toMatchObject({ code: "recovery_link_invalid" });
      await expect(acceptRecovery(ctx.deps, visitor, "../../etc", NEW_PASSWORD)).rejects.toMatchObject({ code: "recovery_link_invalid" });
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/recovery", body: { userIds: ["usr_x"] } });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/members/usr_x/recovery/complete" });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/members/usr_x/recovery/cancel" });
    itGuardsTeamSessions(ctx, "recover", async (o) => ({ method: "POST", path: "/v1/team/recovery", body: { userIds: [(await addMember(ctx, o)).userId] } }));
    itGuardsTeamSessions(ctx, "recover", async (o) => ({ method: "POST", path: `/v1/team/members/${(await addMember(ctx, o, { state: "recovery_accepted" })).userId}/recovery/complete` }));
    itGuardsTeamSessions(ctx, "recover", async (o) => ({ method: "POST", path: `/v1/team/members/${(await addMember(ctx, o, { state: "recovery_started" })).userId}/recovery/cancel` }));

    it("an admin cannot recover an owner (409 recovery_not_allowed), nor themselves (cannot_act_on_self)", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await beginRecoveryCall(ctx, { headers: asMember(admin) }, [owner.userId, admin.userId]);
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({ error: { code: "recovery_not_allowed" } });
      expect(res.body.results[0].error.detail).toContain("owner");
      expect(res.body.results[1]).toMatchObject({ error: { code: "cannot_act_on_self" } });
      expect(await stateOf(o, owner.userId)).toBe("active");
    });

    it("never reaches another organization: its members answer not_found and stay as they were", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const elsewhere = await claimedPerson(ctx, other);
      const res = await begin(o, [elsewhere.userId]);
      expect(res.body.results[0]).toMatchObject({ error: { code: "not_found" } });
      await ctx.db.updateTable("memberships").set({ state: "recovery_accepted" }).where("user_id", "=", elsewhere.userId).execute();
      expect((await complete(o, elsewhere.userId)).status).toBe(404);
      expect((await cancel(o, elsewhere.userId)).status).toBe(404);
      expect(await stateOf(other, elsewhere.userId)).toBe("recovery_accepted");
    });

    it("an organization key needs members:write", async () => {
      const o = await org(ctx);
      const p = await claimedPerson(ctx, o);
      const reader = await call(ctx, "POST", "/v1/team/api-keys", { key: o.adminKey, body: { name: "reader", scopes: ["members:read"] } });
      const refused = await beginRecoveryCall(ctx, { key: reader.body.key }, [p.userId]);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("insufficient_scope");
      expect((await recoveryAction(ctx, { key: reader.body.key }, p.userId, "complete")).body.code).toBe("insufficient_scope");
      const writer = await call(ctx, "POST", "/v1/team/api-keys", { key: o.adminKey, body: { name: "writer", scopes: ["members:write"] } });
      expect((await beginRecoveryCall(ctx, { key: writer.body.key }, [p.userId])).body.results[0]).toMatchObject({ state: "recovery_started" });
    });

    it("a person in recovery cannot act in the organization: their sessions ended", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      expect((await call(ctx, "GET", "/v1/team/members", { headers: asMember(admin) })).status).toBe(200);
      await begin(o, [admin.userId]);
      const res = await call(ctx, "GET", "/v1/team/members", { headers: asMember(admin) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("session_required");
    });
  });
});
