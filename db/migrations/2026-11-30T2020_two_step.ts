import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Two-step login (TOTP, RFC 6238): one row per person who started enrolling. The secret is sealed with
// the server's sealing key (never in clear); `enabled_at` is set once a code confirmed the enrolment;
// `last_step` is the last time step accepted, so a code is never accepted twice; the ten recovery
// codes are kept as SHA-256 hashes and each is removed when used.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("two_step")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("secret_sealed", "text", (c) => c.notNull())
    .addColumn("enabled_at", "timestamptz")
    .addColumn("last_step", "bigint")
    .addColumn("recovery_code_hashes", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("two_step").ifExists().execute();
}
