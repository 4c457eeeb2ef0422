import { describe, expect, it } from "vitest";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { person, tokenOf } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

describe("invariant 3: a claim and a sweep racing at the expiry boundary", () => {
  it("ends claimed or expired, never a mix (×20, both orders)", async () => {
    const o = await org(ctx);
    const outcomes = { claimed: 0, expired: 0 };
    for (let round = 0; round < 20; round++) {
      const p = await provision(ctx, o, { expiresIn: 60 });
      const who = await person(ctx);
      const expiresAt = new Date(p.expiresAt);
      // The claim acts just inside the link's life (tokens carry whole seconds), the sweep at the expiry.
      ctx.clock.set(new Date(expiresAt.getTime() - 1001));
      const claim = () => who.browser.request("POST", "/v1/claims", { json: { token: tokenOf(p.claimUrl) } });
      const sweepNow = async () => {
        for (let turn = 0; turn < round * 2; turn++) await new Promise((resolve) => setImmediate(resolve));
        return sweep(ctx.deps, { now: expiresAt, batchSize: 10 });
      };
      const [claimed, swept] =
        round % 2 === 0 ? await Promise.all([claim(), sweepNow()]) : await Promise.all([sweepNow(), claim()]).then(([s, c]) => [c, s] as const);

      const record = await ctx.db.selectFrom("provisions").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
      const project = await ctx.db.selectFrom("projects").select("owner_user_id").where("id", "=", p.projectId).executeTakeFirst();
      const keyStatus = (await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status;
      if (record.status === "claimed") {
        outcomes.claimed++;
        expect(claimed.status).toBe(200);
        expect(swept.expired).toBe(0);
        expect(record.expired_at).toBeNull();
        expect(project?.owner_user_id).toBe(who.userId);
        expect(keyStatus).toBe(200);
      } else {
        outcomes.expired++;
        expect(record.status).toBe("expired");
        expect(claimed.status).toBe(410);
        expect(JSON.parse(claimed.html).code).toBe("claim_link_expired");
        expect(swept.expired).toBe(1);
        expect(record.claimed_by_user_id).toBeNull();
        expect(project).toBeUndefined();
        expect(keyStatus).toBe(401);
      }
    }
    expect(outcomes.claimed + outcomes.expired).toBe(20);
  });
});
