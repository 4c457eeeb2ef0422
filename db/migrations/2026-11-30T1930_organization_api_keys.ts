import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// Organization API keys (kind 'admin') get scopes and a creator. The person who created a key
// (null: the server, as for the bootstrap key) bounds what it may do at request time; no foreign
// key, so a deleted person's keys are refused rather than silently becoming server keys.
// Existing organization keys held every permission: they get every scope of the day.

const ALL_SCOPES = [
  "provisions:read",
  "provisions:write",
  "members:read",
  "members:write",
  "members:suspend",
  "members:delete",
  "groups:write",
  "audit:read",
  "integrations:write",
  "users.list",
  "users.get",
  "users.suspend",
  "users.reactivate",
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("api_keys").addColumn("created_by_user_id", "text").execute();
  await db
    .updateTable("api_keys")
    .set({ scopes: JSON.stringify(ALL_SCOPES) })
    .where("kind", "=", "admin")
    .where(sql<boolean>`scopes = '[]'::jsonb`)
    .execute();
  await db.schema.createIndex("api_keys_organization").on("api_keys").columns(["organization_id", "kind", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("api_keys_organization").ifExists().execute();
  await db.schema.alterTable("api_keys").dropColumn("created_by_user_id").execute();
}
