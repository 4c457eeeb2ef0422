import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Owner setup links expire (72 h by default). A link issued before this migration gets 72 h from now,
// so an operator upgrading mid-setup is not locked out at once.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("owner_setup_tokens").addColumn("expires_at", "timestamptz").execute();
  await sql`update owner_setup_tokens set expires_at = greatest(created_at, now()) + interval '72 hours'`.execute(db);
  await db.schema.alterTable("owner_setup_tokens").alterColumn("expires_at", (c) => c.setNotNull()).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("owner_setup_tokens").dropColumn("expires_at").execute();
}
