import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";

/**
 * How PostgreSQL reads a page of the audit trail for an organization that holds most of it, with
 * thousands of events at one instant (a sweep writes them so). A B-tree on created_at alone let the
 * planner scan it backwards and sort every run of equal timestamps; the page must come straight from
 * the organization's (organization_id, created_at desc, id desc) index instead, in its order.
 */
const ctx = useTestContext();

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function planOf(query: ReturnType<typeof sql>): Promise<PlanNode[]> {
  const { rows } = await sql<{ "QUERY PLAN": [{ Plan: PlanNode }] }>`explain (format json) ${query}`.execute(ctx.db);
  return nodes(rows[0]!["QUERY PLAN"][0].Plan);
}

describe("reading an organization's audit trail newest first", () => {
  it("pages from the organization's index without sorting, first page and deep alike", async () => {
    const o = await org(ctx);
    const now = ctx.clock.now();
    await sql`
      insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, metadata, created_at)
      select 'evt_plan' || g, ${o.organizationId}, 'system', 'sweeper', 'provision.expired', 'provision', 'prv_plan' || g, '{}'::jsonb,
             case when g <= 20000 then ${now}::timestamptz else ${now}::timestamptz - make_interval(secs => g) end
      from generate_series(1, 40000) g`.execute(ctx.db);
    await sql`analyze audit_events`.execute(ctx.db);

    const first = await planOf(sql`select * from audit_events where organization_id = ${o.organizationId}
      order by created_at desc, id desc limit 51`);
    const deep = await planOf(sql`select * from audit_events where organization_id = ${o.organizationId}
      and (created_at, id) < (${now}::timestamptz, 'evt_plan5000') order by created_at desc, id desc limit 51`);
    for (const plan of [first, deep]) {
      expect(plan.map((n) => n["Index Name"]).filter(Boolean)).toEqual(["audit_events_org_time"]);
      expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
      expect(plan.map((n) => n["Node Type"])).not.toContain("Incremental Sort");
    }
    // The retention purge (across organizations, by time alone) still has an index to find the oldest.
    const purge = await planOf(sql`select id from audit_events where created_at < ${now}::timestamptz - interval '39000 seconds' limit 1000`);
    expect(purge.map((n) => n["Index Name"]).filter(Boolean)).toEqual(["audit_events_created_brin"]);
  });
});
