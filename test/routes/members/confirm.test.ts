import { describe, expect, it } from "vitest";
import { claimProvision } from "../../../src/services/claims/claim.js";
import { tokenOf } from "../../support/claims.js";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, builtinGroupId, itGuardsTeamSessions, visitor } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();
const requireConfirmation = (key: string) => call(ctx, "PATCH", "/v1/team/policy", { key, body: { confirmationRequired: true } });

describe("POST /v1/team/members/{userId}/confirm and /v1/team/members/confirm", () => {
  describe("happy", () => {
    it("with confirmation required, a claim leaves the person awaiting confirmation until confirmed", async () => {
      const o = await org(ctx);
      await requireConfirmation(o.adminKey);
      const p = await provision(ctx, o, { name: "Ada" });
      await claimProvision(ctx.deps, visitor, tokenOf(p.claimUrl), { kind: "new", name: "Ada", email: `ada${Date.now()}@example.com`, password: "correct horse battery" });
      const waiting = await call(ctx, "GET", `/v1/team/members/${p.userId}`, { key: o.adminKey });
      expect(waiting.body).toMatchObject({ state: "awaiting_confirmation" });
      expect(waiting.body.joinedAt).not.toBeNull();
      const res = await call(ctx, "POST", `/v1/team/members/${p.userId}/confirm`, { key: o.adminKey });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe("active");
      expect((await auditActions(ctx, o, p.userId)).map((e) => e.action)).toEqual(["member.confirmed"]);
    });

    it("without the policy a claim makes the person active at once", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await claimProvision(ctx.deps, visitor, tokenOf(p.claimUrl), { kind: "new", name: "Bo", email: `bo${Date.now()}@example.com`, password: "correct horse battery" });
      expect((await call(ctx, "GET", `/v1/team/members/${p.userId}`, { key: o.adminKey })).body.state).toBe("active");
    });

    it("confirm all: one result per person; a Provision Manager may do it", async () => {
      const o = await org(ctx);
      const a = await addMember(ctx, o, { state: "awaiting_confirmation" });
      const b = await addMember(ctx, o, { state: "awaiting_confirmation" });
      await addMember(ctx, o);
      const pm = await addMember(ctx, o, { groups: [await builtinGroupId(ctx, o)] });
      const res = await call(ctx, "POST", "/v1/team/members/confirm", { headers: asMember(pm), body: { all: true } });
      expect(res.status).toBe(200);
      expect(res.body.remaining).toBe(false);
      expect(res.body.data.map((r: any) => [r.userId, r.outcome]).sort()).toEqual([[a.userId, "confirmed"], [b.userId, "confirmed"]].sort());
      const again = await call(ctx, "POST", "/v1/team/members/confirm", { headers: asMember(pm), body: { all: true } });
      expect(again.body.data).toEqual([]);
    });

    it("confirm many: each person gets their own outcome, refusals do not stop the others", async () => {
      const o = await org(ctx);
      const waiting = await addMember(ctx, o, { state: "awaiting_confirmation" });
      const active = await addMember(ctx, o);
      const pending = await provision(ctx, o);
      const res = await call(ctx, "POST", "/v1/team/members/confirm", { key: o.adminKey, body: { userIds: [waiting.userId, active.userId, pending.userId, "usr_nobody"] } });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        { userId: waiting.userId, outcome: "confirmed" },
        { userId: active.userId, outcome: "unchanged" },
        expect.objectContaining({ userId: pending.userId, outcome: "refused", code: "member_not_awaiting_confirmation" }),
        expect.objectContaining({ userId: "usr_nobody", outcome: "refused", code: "not_found" }),
      ]);
    });
  });

  describe("errors", () => {
    it("a pending placeholder or a suspended member cannot be confirmed (409)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const s = await addMember(ctx, o, { state: "suspended" });
      for (const userId of [p.userId, s.userId]) {
        const res = await call(ctx, "POST", `/v1/team/members/${userId}/confirm`, { key: o.adminKey });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe("member_not_awaiting_confirmation");
      }
    });

    it("refuses a body that is neither userIds nor all:true (400)", async () => {
      const o = await org(ctx);
      for (const body of [{}, { all: false }, { userIds: [] }, { userIds: ["a"], all: true }]) {
        expect((await call(ctx, "POST", "/v1/team/members/confirm", { key: o.adminKey, body })).status).toBe(400);
      }
    });

    it("answers 404 for an unknown member", async () => {
      const o = await org(ctx);
      expect((await call(ctx, "POST", "/v1/team/members/usr_nobody/confirm", { key: o.adminKey })).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/members/usr_x/confirm" });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/members/confirm", body: { all: true } });
    itGuardsTeamSessions(ctx, "confirm", async (o) => ({ method: "POST", path: `/v1/team/members/${(await addMember(ctx, o, { state: "awaiting_confirmation" })).userId}/confirm` }));
    itGuardsTeamSessions(ctx, "confirm", () => ({ method: "POST", path: "/v1/team/members/confirm", body: { all: true } }));

    it("confirm all never reaches another organization", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const elsewhere = await addMember(ctx, other, { state: "awaiting_confirmation" });
      await call(ctx, "POST", "/v1/team/members/confirm", { key: o.adminKey, body: { all: true } });
      const res = await call(ctx, "POST", "/v1/team/members/confirm", { key: o.adminKey, body: { userIds: [elsewhere.userId] } });
      expect(res.body.data[0]).toMatchObject({ outcome: "refused", code: "not_found" });
      const row = await ctx.db.selectFrom("memberships").select("state").where("user_id", "=", elsewhere.userId).executeTakeFirstOrThrow();
      expect(row.state).toBe("awaiting_confirmation");
    });
  });
});
