import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
// Every tenant table carries organization_id so the schema can later be sharded by organization.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organizations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('placeholder', 'active', 'suspended')`))
    .addColumn("name", "text")
    .addColumn("email", "text")
    .addColumn("password_hash", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  // Only real accounts own an email; a placeholder may carry the intended person's email on its provision.
  await sql`create unique index users_email_unique on users (lower(email)) where status <> 'placeholder'`.execute(db);

  await db.schema
    .createTable("memberships")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'admin', 'member')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("memberships_pk", ["organization_id", "user_id"])
    .execute();
  await db.schema.createIndex("memberships_user").on("memberships").column("user_id").execute();

  await db.schema
    .createTable("projects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("owner_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("projects_owner").on("projects").columns(["owner_user_id"]).execute();
  await db.schema.createIndex("projects_org").on("projects").columns(["organization_id"]).execute();

  await db.schema
    .createTable("agents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("identifier", "text", (c) => c.notNull())
    .addColumn("is_default", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("agents_project_identifier", ["project_id", "identifier"])
    .execute();
  await sql`create unique index agents_one_default on agents (project_id) where is_default`.execute(db);

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('project', 'admin')`))
    .addColumn("project_id", "text", (c) => c.references("projects.id").onDelete("cascade"))
    .addColumn("agent_id", "text", (c) => c.references("agents.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("display_prefix", "text", (c) => c.notNull())
    .addColumn("secret_hash", "text", (c) => c.notNull().unique())
    .addColumn("scopes", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("expires_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("last_used_at", "timestamptz")
    .addColumn("replaced_by_key_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("api_keys_project_kind", sql`(kind = 'admin') = (project_id is null)`)
    .execute();
  await db.schema.createIndex("api_keys_project").on("api_keys").columns(["project_id", "created_at"]).execute();

  await db.schema
    .createTable("provisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('pending', 'claimed', 'cancelled', 'expired')`),
    )
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn("skip_onboarding", "boolean", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("email", "text")
    .addColumn("project_name", "text", (c) => c.notNull())
    .addColumn("metadata", "jsonb")
    // Ids of what the provision created. Not foreign keys: the record outlives what it created.
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("agent_id", "text", (c) => c.notNull())
    .addColumn("api_key_id", "text", (c) => c.notNull())
    .addColumn("claim_nonce_hash", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by_type", "text", (c) => c.notNull())
    .addColumn("created_by_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("claimed_by_user_id", "text")
    .addColumn("claimed_at", "timestamptz")
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("expired_at", "timestamptz")
    // Set once everything the provision created is gone (at cancel, or by the sweeper after a crash).
    .addColumn("resources_deleted_at", "timestamptz")
    .execute();
  await sql`create unique index provisions_project on provisions (project_id)`.execute(db);
  await db.schema
    .createIndex("provisions_org_list")
    .on("provisions")
    .columns(["organization_id", "created_at desc", "id desc"])
    .execute();
  await sql`create index provisions_pending_expiry on provisions (expires_at) where status = 'pending'`.execute(db);

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("request_id", "text")
    .addColumn("metadata", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_events_org_time")
    .on("audit_events")
    .columns(["organization_id", "created_at desc"])
    .execute();
  await db.schema.createIndex("audit_events_target").on("audit_events").columns(["target_id"]).execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("principal_id", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("operation", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    // The response holds a fresh API key and claim link: encrypted, never stored in clear.
    .addColumn("response_ciphertext", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["organization_id", "principal_id", "idempotency_key"])
    .execute();

  await db.schema
    .createTable("owner_setup_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("server_secrets")
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("server_secrets_pk", ["purpose", "key_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "server_secrets",
    "owner_setup_tokens",
    "idempotency_keys",
    "audit_events",
    "provisions",
    "api_keys",
    "agents",
    "projects",
    "memberships",
    "users",
    "organizations",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
