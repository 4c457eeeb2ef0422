import { describe, expect, it } from "vitest";
import { claimProvision } from "../../src/services/claims/claim.js";
import { tokenOf } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { addMember, asMember, visitor } from "../support/members.js";

// Races on one membership, on both engines (PostgreSQL: truly concurrent transactions over a pool).

const ctx = useTestContext();
const suspend = (key: string, userId: string) => call(ctx, "POST", `/v1/team/members/${userId}/suspend`, { key, body: {} });
const reactivate = (key: string, userId: string) => call(ctx, "POST", `/v1/team/members/${userId}/reactivate`, { key });
const settle = <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

async function membership(userId: string) {
  return ctx.db.selectFrom("memberships").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

describe("membership races", () => {
  it("50 concurrent suspends and reactivations end consistent: the row, the audit trail and the key agree", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    await ctx.db.updateTable("memberships").set({ state: "active", joined_at: ctx.clock.now() }).where("user_id", "=", p.userId).execute();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? suspend(o.adminKey, p.userId) : reactivate(o.adminKey, p.userId))));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    const m = (await membership(p.userId))!;
    const events = await ctx.db.selectFrom("audit_events").select("action").where("target_id", "=", p.userId).execute();
    const suspended = events.filter((e) => e.action === "member.suspended").length;
    const reactivated = events.filter((e) => e.action === "member.reactivated").length;
    // Each applied change alternates with the other: the last one decides the state.
    expect(suspended - reactivated).toBe(m.state === "suspended" ? 1 : 0);
    if (m.state === "suspended") {
      expect(m.suspended_at).not.toBeNull();
      expect(m.suspended_from).toBe("active");
    } else {
      expect(m.state).toBe("active");
      expect([m.suspended_at, m.deauthorize_at, m.suspended_from]).toEqual([null, null, null]);
    }
    const key = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
    expect(key.status).toBe(m.state === "suspended" ? 401 : 200);
  });

  it("two owners suspending each other at once: one wins, an active owner remains (×10)", async () => {
    for (let round = 0; round < 10; round++) {
      const o = await org(ctx);
      const a = await addMember(ctx, o, { role: "owner" });
      const b = await addMember(ctx, o, { role: "owner" });
      const [ra, rb] = await Promise.all([
        call(ctx, "POST", `/v1/team/members/${b.userId}/suspend`, { headers: asMember(a), body: {} }),
        call(ctx, "POST", `/v1/team/members/${a.userId}/suspend`, { headers: asMember(b), body: {} }),
      ]);
      expect([ra.status, rb.status].filter((s) => s === 200)).toHaveLength(1);
      const owners = await ctx.db.selectFrom("memberships").select("state").where("organization_id", "=", o.organizationId).where("role", "=", "owner").execute();
      expect(owners.filter((x) => x.state === "active")).toHaveLength(1);
    }
  });

  it("a suspend racing a claim ends in one consistent outcome (×10, both orders)", async () => {
    const o = await org(ctx);
    const outcomes = { claimedThenSuspended: 0, suspendedUnclaimed: 0 };
    for (let round = 0; round < 10; round++) {
      const p = await provision(ctx, o);
      const claim = () =>
        settle(claimProvision(ctx.deps, visitor, tokenOf(p.claimUrl), { kind: "new", name: "Racer", email: `racer${Date.now()}${round}@example.com`, password: "correct horse battery" }));
      const [claimed, suspended] =
        round % 2 === 0 ? await Promise.all([claim(), suspend(o.adminKey, p.userId)]) : await Promise.all([suspend(o.adminKey, p.userId), claim()]).then(([s, c]) => [c, s] as const);
      expect(suspended.status).toBe(200);
      const m = (await membership(p.userId))!;
      const record = await ctx.db.selectFrom("provisions").select("status").where("id", "=", p.id).executeTakeFirstOrThrow();
      expect(m.state).toBe("suspended");
      if (claimed.ok) {
        outcomes.claimedThenSuspended++;
        expect(record.status).toBe("claimed");
        expect(m.suspended_from).toBe("active");
      } else {
        outcomes.suspendedUnclaimed++;
        expect(claimed.error).toMatchObject({ code: "member_suspended" });
        expect(record.status).toBe("pending");
        expect(m.suspended_from).toBe("pending");
      }
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("member_suspended");
    }
    expect(outcomes.claimedThenSuspended + outcomes.suspendedUnclaimed).toBe(10);
  });

  it("a delete racing a claim ends in one consistent outcome (×10)", async () => {
    const o = await org(ctx);
    for (let round = 0; round < 10; round++) {
      const p = await provision(ctx, o);
      await suspend(o.adminKey, p.userId);
      const claim = () =>
        settle(claimProvision(ctx.deps, visitor, tokenOf(p.claimUrl), { kind: "new", name: "Racer", email: `late${Date.now()}${round}@example.com`, password: "correct horse battery" }));
      const del = () => call(ctx, "DELETE", `/v1/team/members/${p.userId}`, { key: o.adminKey });
      const [claimed, deleted] = round % 2 === 0 ? await Promise.all([claim(), del()]) : await Promise.all([del(), claim()]).then(([d, c]) => [c, d] as const);
      // A suspended placeholder is never claimed: the claim loses whichever runs first.
      expect(claimed.ok).toBe(false);
      expect(deleted.status).toBe(200);
      const record = await ctx.db.selectFrom("provisions").select("status").where("id", "=", p.id).executeTakeFirstOrThrow();
      expect(record.status).toBe("cancelled");
      expect(await membership(p.userId)).toBeUndefined();
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
    }
  });

  it("a delete racing a claim of a reactivated placeholder: claimed (delete refused) or deleted (claim refused)", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    // Suspended, then the delete and a reactivation-plus-claim race.
    await suspend(o.adminKey, p.userId);
    const [deleted, claimed] = await Promise.all([
      call(ctx, "DELETE", `/v1/team/members/${p.userId}`, { key: o.adminKey }),
      reactivate(o.adminKey, p.userId).then(() =>
        settle(claimProvision(ctx.deps, visitor, tokenOf(p.claimUrl), { kind: "new", name: "R", email: `re${Date.now()}@example.com`, password: "correct horse battery" })),
      ),
    ]);
    const record = await ctx.db.selectFrom("provisions").select("status").where("id", "=", p.id).executeTakeFirstOrThrow();
    if (deleted.status === 200) {
      expect(claimed.ok).toBe(false);
      expect(record.status).toBe("cancelled");
    } else {
      expect(deleted.body.code).toBe("member_not_suspended");
      expect(claimed.ok).toBe(true);
      expect(record.status).toBe("claimed");
    }
  });
});
