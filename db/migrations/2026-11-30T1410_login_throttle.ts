import type { Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Wrong passwords counted per account and address (and per account), with growing delays; and the
// addresses each account last logged in from, which the account-wide delay spares. Buckets are
// SHA-256 hashes: no email or address is stored.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_failures")
    .addColumn("bucket", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failed_at", "timestamptz", (c) => c.notNull())
    .addColumn("blocked_until", "timestamptz")
    .execute();
  await db.schema.createIndex("login_failures_last").on("login_failures").column("last_failed_at").execute();

  await db.schema
    .createTable("login_addresses")
    .addColumn("bucket", "text", (c) => c.primaryKey())
    .addColumn("last_success_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_addresses_last").on("login_addresses").column("last_success_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_addresses").ifExists().execute();
  await db.schema.dropTable("login_failures").ifExists().execute();
}
