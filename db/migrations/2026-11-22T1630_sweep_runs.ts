import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// The sweeper's own table (one row per run, so any instance can report the fleet's last sweep) and the
// indexes its bounded batches need: without them every run would scan whole tables, and deleting an
// agent would scan api_keys for its `on delete set null` (one full scan per deleted agent).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sweep_runs")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // What started it: "cron" (Node), "scheduled" (Workers), "command" (npm run sweep).
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz", (c) => c.notNull())
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("expired", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cleaned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("purged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("idempotency_keys_purged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("batches", "integer", (c) => c.notNull().defaultTo(0))
    // False when the time budget ran out (or shutdown began) with work left for the next run.
    .addColumn("complete", "boolean", (c) => c.notNull())
    // Null on success. Never a secret: the sweeper handles ids only.
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("sweep_runs_finished").on("sweep_runs").columns(["finished_at desc"]).execute();

  // Finished provisions awaiting the retention purge, by the moment they reached their final state.
  await sql`
    create index provisions_finished on provisions ((coalesce(cancelled_at, expired_at)))
    where status in ('cancelled', 'expired') and resources_deleted_at is not null
  `.execute(db);
  // Cancelled or expired provisions whose cleanup a crash interrupted: almost always empty.
  await sql`
    create index provisions_cleanup_due on provisions (id)
    where status in ('cancelled', 'expired') and resources_deleted_at is null
  `.execute(db);
  await db.schema.createIndex("idempotency_keys_created").on("idempotency_keys").column("created_at").execute();
  await db.schema.createIndex("api_keys_agent").on("api_keys").column("agent_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("api_keys_agent").ifExists().execute();
  await db.schema.dropIndex("idempotency_keys_created").ifExists().execute();
  await db.schema.dropIndex("provisions_cleanup_due").ifExists().execute();
  await db.schema.dropIndex("provisions_finished").ifExists().execute();
  await db.schema.dropTable("sweep_runs").ifExists().execute();
}
