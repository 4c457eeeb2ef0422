import { describe, expect, it } from "vitest";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { seedPendingProvisions, seededLeftovers } from "./support/bulk-seed.js";

// PGlite has one connection and runs one transaction at a time: nothing can race there. These are the
// fleet's cases, on a real PostgreSQL with a pool per "instance" (`*.pg.test.ts` runs in the postgres project only).
describe("sweeper under concurrency (PostgreSQL)", () => {
  const ctx = useTestContext();

  it("4 sweepers started at once over 5,000 expired provisions: each handled exactly once, nothing left", async () => {
    const o = await org(ctx);
    const now = ctx.clock.now();
    const { tag } = await seedPendingProvisions(ctx.db, {
      organizationId: o.organizationId,
      count: 5000,
      createdAt: new Date(now.getTime() - 8 * 24 * 3600 * 1000),
      expiresAt: new Date(now.getTime() - 1000),
    });

    const results = await Promise.allSettled([1, 2, 3, 4].map(() => sweep(ctx.deps, { batchSize: 100 })));
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]); // no error, no deadlock, no serialization failure
    const counts = results.map((r) => (r.status === "fulfilled" ? r.value : null)!);
    expect(counts.reduce((sum, r) => sum + r.expired, 0)).toBe(5000);
    expect(counts.every((r) => r.complete)).toBe(true);
    // They shared the work rather than queueing behind one another's locks.
    expect(counts.filter((r) => r.expired > 0).length).toBeGreaterThan(1);

    const audit = await ctx.db
      .selectFrom("audit_events")
      .select((eb) => [eb.fn.countAll().as("events"), eb.fn.count("target_id").distinct().as("targets")])
      .where("organization_id", "=", o.organizationId)
      .where("action", "=", "provision.expired")
      .executeTakeFirstOrThrow();
    expect({ events: Number(audit.events), targets: Number(audit.targets) }).toEqual({ events: 5000, targets: 5000 });

    const statuses = await ctx.db
      .selectFrom("provisions")
      .select(["status", (eb) => eb.fn.countAll().as("n")])
      .where("organization_id", "=", o.organizationId)
      .where("resources_deleted_at", "is not", null)
      .groupBy("status")
      .execute();
    expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([["expired", 5000]]);
    expect(await seededLeftovers(ctx.db, tag)).toEqual({ users: 0, memberships: 0, projects: 0, agents: 0, apiKeys: 0 });
    expect(await sweep(ctx.deps)).toMatchObject({ expired: 0, cleaned: 0 });
  });

  it("a cancel racing the sweep at the expiry boundary ends cancelled or expired, never a mix (×20)", async () => {
    const o = await org(ctx);
    const outcomes = { cancelled: 0, expired: 0 };
    for (let round = 0; round < 20; round++) {
      const p = await provision(ctx, o, { expiresIn: 60 });
      const expiresAt = new Date(p.expiresAt);
      // The cancel acts one millisecond before the expiry, the sweep at the expiry: both are entitled.
      ctx.clock.set(new Date(expiresAt.getTime() - 1));
      const cancel = () => call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      // Staggered by a few event-loop turns (not time) so the sweep meets the cancel at different points.
      const sweepNow = async () => {
        for (let turn = 0; turn < round * 2; turn++) await new Promise((resolve) => setImmediate(resolve));
        return sweep(ctx.deps, { now: expiresAt, batchSize: 10 });
      };
      // Alternate who is sent first, so both orders are exercised.
      const [res, swept] =
        round % 2 === 0
          ? await Promise.all([cancel(), sweepNow()])
          : await Promise.all([sweepNow(), cancel()]).then(([s, r]) => [r, s] as const);

      const record = await ctx.db.selectFrom("provisions").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
      const actions = (
        await ctx.db.selectFrom("audit_events").select("action").where("target_id", "=", p.id).execute()
      ).map((a) => a.action);
      expect(["cancelled", "expired"]).toContain(record.status);
      expect(record.resources_deleted_at).not.toBeNull();
      if (record.status === "cancelled") {
        outcomes.cancelled++;
        expect(res.status).toBe(200);
        expect(swept.expired).toBe(0);
        expect(record.expired_at).toBeNull();
        expect(actions.sort()).toEqual(["provision.cancelled", "provision.created"]);
      } else {
        outcomes.expired++;
        expect(res.status).toBe(409);
        expect(res.body.code).toBe("provision_not_pending");
        expect(swept.expired).toBe(1);
        expect(record.cancelled_at).toBeNull();
        expect(actions.sort()).toEqual(["provision.created", "provision.expired"]);
      }
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
      const left = await ctx.db.selectFrom("projects").select("id").where("id", "=", p.projectId).execute();
      expect(left).toEqual([]);
    }
    expect(outcomes.cancelled + outcomes.expired).toBe(20);
    process.stderr.write(`cancel vs sweep at the boundary: ${JSON.stringify(outcomes)}\n`);
  });
});
