import { describe, expect, it } from "vitest";
import { tokenOf } from "../../support/claims.js";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember } from "../../support/members.js";
import { scim, scimOrg, URN_USER } from "./support.js";

const ctx = useTestContext();
const PAIRS = 50;

/**
 * A SCIM DELETE racing a claim of the same provision. A claim locks the provision, then the
 * placeholder's membership; DELETE used to lock the membership first and the provision later, so on
 * PostgreSQL the two could deadlock (40P01, answered 500). DELETE now takes them in the claim's order.
 */
describe("SCIM DELETE racing a claim of the same provision (PostgreSQL)", () => {
  it(`${PAIRS} pairs at once: never a 5xx; each pair ends either deleted or claimed, never both nor neither`, async () => {
    const o = await scimOrg(ctx);
    const elsewhere = await org(ctx);
    const pairs = [];
    for (let i = 0; i < PAIRS; i++) {
      const email = `race${Date.now().toString(36)}${i}@example.com`;
      const created = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: email });
      expect(created.status).toBe(201);
      const provision = await ctx.db.selectFrom("provisions").select("id").where("user_id", "=", created.body.id).executeTakeFirstOrThrow();
      const link = await call(ctx, "POST", `/v1/team/provisions/${provision.id}/claim-link`, { key: o.adminKey });
      expect(link.status, JSON.stringify(link.body)).toBe(200);
      // The claimant: an account with the provision's (verified) address, logged in.
      const claimant = await addMember(ctx, elsewhere);
      await ctx.db.updateTable("users").set({ email, email_verified_at: ctx.clock.now() }).where("id", "=", claimant.userId).execute();
      pairs.push({ userId: created.body.id as string, provisionId: provision.id, token: tokenOf(link.body.claimUrl), claimant });
    }

    const outcomes = await Promise.all(
      pairs.map(async (p, i) => {
        const [del, claim] = await Promise.all([
          scim(ctx, o, "DELETE", `/Users/${p.userId}`),
          call(ctx, "POST", "/v1/claims", { headers: asMember(p.claimant, { origin: "http://handoff.test", "x-forwarded-for": `10.9.${i}.1` }), body: { token: p.token } }),
        ]);
        return { p, del, claim };
      }),
    );

    let claimed = 0;
    let deleted = 0;
    for (const { p, del, claim } of outcomes) {
      expect(del.status, JSON.stringify(del.body)).toBeLessThan(500);
      expect(claim.status, JSON.stringify(claim.body)).toBeLessThan(500);
      const provision = await ctx.db.selectFrom("provisions").select("status").where("id", "=", p.provisionId).executeTakeFirstOrThrow();
      const member = await ctx.db
        .selectFrom("memberships")
        .select("state")
        .where("organization_id", "=", o.organizationId)
        .where("user_id", "=", p.claimant.userId)
        .executeTakeFirst();
      if (claim.status === 200) {
        // The claim came first: the placeholder moved to the claimant, whom DELETE then no longer finds.
        claimed++;
        expect(del.status).toBe(404);
        expect(provision.status).toBe("claimed");
        expect(member?.state).toBe("active");
      } else {
        deleted++;
        expect(del.status).toBe(204);
        expect([claim.status, claim.body.code]).toEqual([410, "claim_link_cancelled"]);
        expect(provision.status).toBe("cancelled");
        expect(member).toBeUndefined();
      }
      expect(await ctx.db.selectFrom("users").select("id").where("id", "=", p.userId).executeTakeFirst()).toBeUndefined();
    }
    expect(claimed + deleted).toBe(PAIRS);
  });
});
