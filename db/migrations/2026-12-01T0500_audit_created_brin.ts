import type { Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// The retention purge's index on audit_events.created_at becomes a BRIN index. As a B-tree it was also
// an ordering the planner could pick for an organization's newest-first page: with one organization
// holding most of the trail it scanned it backwards, filtered by organization, and sorted each run of
// equal timestamps (a sweep writes thousands of events at one instant) — 4.5 ms for a first page that
// audit_events_org_time answers in 0.2 ms (issue 17's seeded benchmark, 100k events). A BRIN index
// cannot order, so pages always use the organization's index, and the purge ("older than", across
// organizations, on an append-only table whose rows arrive in time order) still skips the young blocks.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_events_created").ifExists().execute();
  await db.schema.createIndex("audit_events_created_brin").on("audit_events").using("brin").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_events_created_brin").ifExists().execute();
  await db.schema.createIndex("audit_events_created").on("audit_events").column("created_at").execute();
}
