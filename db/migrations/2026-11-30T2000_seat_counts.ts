import type { Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Daily seat counts per organization (members by state), recorded by the sweeper at most hourly so the
// Reports page can show seats over time: the last snapshot of a day stands for that day.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("seat_counts")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("pending", "integer", (c) => c.notNull())
    .addColumn("awaiting_confirmation", "integer", (c) => c.notNull())
    .addColumn("suspended", "integer", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("seat_counts_pk", ["organization_id", "day"])
    .execute();
  await db.schema.createIndex("seat_counts_updated").on("seat_counts").column("updated_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("seat_counts").ifExists().execute();
}
