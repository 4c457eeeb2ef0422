import { sql, type Kysely } from "kysely";

// Human accounts: sessions (only a hash of the cookie token is stored) and the counters behind rate
// limits, kept in the database so every instance (Node or Workers) counts the same attempts.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_expiry").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("bucket", "text", (c) => c.primaryKey())
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limits_window").on("rate_limits").column("window_start").execute();

  await sql`create index provisions_claimed_by on provisions (claimed_by_user_id) where claimed_by_user_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists provisions_claimed_by`.execute(db);
  await db.schema.dropTable("rate_limits").ifExists().execute();
  await db.schema.dropTable("sessions").ifExists().execute();
}
