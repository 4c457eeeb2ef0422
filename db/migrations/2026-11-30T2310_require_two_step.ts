import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Policy `requireTwoStep`: who in the organization must have two-step login on before using its team
// pages — nobody (the default, so existing organizations keep working as before), its owners and
// admins, or everyone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("organizations")
    .addColumn("require_two_step", "text", (c) => c.notNull().defaultTo("none").check(sql`require_two_step in ('none', 'admins', 'everyone')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organizations").dropColumn("require_two_step").execute();
}
