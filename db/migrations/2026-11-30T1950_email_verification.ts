import type { Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Verified addresses: when a person showed they read mail at their account's address (a verification
// link, or a claim or invitation link mailed to it). Accounts that existed before are unverified.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("email_verified_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("email_verified_at").execute();
}
