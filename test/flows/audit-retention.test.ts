// AUDIT_RETENTION_DAYS: the sweeper's purge is the one writer the database lets delete audit events,
// and only what is older than the retention; without the setting nothing is ever purged.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { sweep } from "../../src/services/sweeper/sweep.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";

const ctx = useTestContext({ AUDIT_RETENTION_DAYS: "30" });
const DAY = 86_400;

const eventsOf = (organizationId: string) =>
  ctx.db.selectFrom("audit_events").select(["action", "created_at"]).where("organization_id", "=", organizationId).orderBy("created_at").execute();

describe("audit retention", () => {
  it("purges events older than AUDIT_RETENTION_DAYS in batches and keeps the rest", async () => {
    const o = await org(ctx);
    await provision(ctx, o, { role: "member" });
    ctx.clock.advanceSeconds(20 * DAY);
    await provision(ctx, o, { role: "member" });
    expect(await eventsOf(o.organizationId)).toHaveLength(3);
    ctx.clock.advanceSeconds(11 * DAY);
    const result = await sweep(ctx.deps, { batchSize: 1 });
    // The organization and the first provision are older than 30 days; the second stays.
    expect(result.auditEventsPurged).toBeGreaterThanOrEqual(2);
    const left = await eventsOf(o.organizationId);
    // The sweep itself expired both provisions (new events, written now).
    expect(left.map((e) => e.action)).toEqual(["provision.created", "provision.expired", "provision.expired"]);
    expect(left.every((e) => e.created_at.getTime() >= ctx.clock.now().getTime() - 30 * DAY * 1000)).toBe(true);
    expect(await ctx.db.deleteFrom("audit_events").execute().catch((e: Error) => e.message)).toMatch(/append-only/);
  });

  it("keeps every event forever when AUDIT_RETENTION_DAYS is unset", () => {
    expect(loadConfig({}).auditRetentionDays).toBeNull();
    expect(loadConfig({ AUDIT_RETENTION_DAYS: "365" }).auditRetentionDays).toBe(365);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: "0" })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});
