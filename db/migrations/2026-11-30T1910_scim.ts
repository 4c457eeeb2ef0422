import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// SCIM 2.0 (issue 16): per-organization bearer tokens for identity providers (hashed, revocable, last
// use recorded), the SCIM side of a member (userName, externalId and the profile attributes an
// identity provider writes, kept per organization so nothing reaches the person's global account), a
// group's externalId, and the organization's choices for people SCIM creates and deletes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scim_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("display_prefix", "text", (c) => c.notNull())
    .addColumn("secret_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by_type", "text", (c) => c.notNull())
    .addColumn("created_by_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("scim_tokens_org").on("scim_tokens").columns(["organization_id", "created_at"]).execute();

  await db.schema
    .createTable("scim_users")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("user_name", "text", (c) => c.notNull())
    .addColumn("external_id", "text")
    // Everything else the identity provider wrote (name, displayName, emails, the enterprise extension…).
    .addColumn("attributes", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("scim_users_pk", ["organization_id", "user_id"])
    // Leaving the organization ends the link.
    .addForeignKeyConstraint("scim_users_membership", ["organization_id", "user_id"], "memberships", ["organization_id", "user_id"], (fk) =>
      fk.onDelete("cascade"),
    )
    .addCheckConstraint("scim_users_attributes_object", sql`jsonb_typeof(attributes) = 'object'`)
    .execute();
  // userName is unique per organization, case-insensitively (RFC 7643: caseExact false).
  await sql`create unique index scim_users_org_user_name on scim_users (organization_id, lower(user_name))`.execute(db);

  await db.schema.alterTable("groups").addColumn("external_id", "text").execute();

  await db.schema
    .alterTable("organizations")
    // A person SCIM creates with no Handoff account: a provision (placeholder, project, key, claim link) or an invitation.
    .addColumn("scim_new_people", "text", (c) => c.notNull().defaultTo("provision").check(sql`scim_new_people in ('provision', 'invitation')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organizations").dropColumn("scim_new_people").execute();
  await db.schema.alterTable("groups").dropColumn("external_id").execute();
  await db.schema.dropTable("scim_users").ifExists().execute();
  await db.schema.dropTable("scim_tokens").ifExists().execute();
}
