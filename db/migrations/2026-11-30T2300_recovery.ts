import type { Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Account recovery: one row per recovery link an admin issued. Only the SHA-256 of the link's random
// token is kept. A link works once (`accepted_at`), until `expires_at`, and only while it is the
// person's open link: starting again, cancelling or completing sets `ended_at`, so an older link
// stops working. The membership's state (recovery_started → recovery_accepted → active) says where
// the recovery stands; these rows are the links and who issued them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("account_recoveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by_type", "text", (c) => c.notNull())
    .addColumn("created_by_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .execute();
  await db.schema.createIndex("account_recoveries_member").on("account_recoveries").columns(["organization_id", "user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("account_recoveries").ifExists().execute();
}
