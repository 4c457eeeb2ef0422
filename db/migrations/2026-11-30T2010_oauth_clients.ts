import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// OAuth 2.0 clients (client credentials) per organization and the access tokens they obtain. Secrets
// and tokens are stored as SHA-256 hashes only. A client's creator bounds what its tokens may do, as
// for organization API keys (no foreign key: a deleted person's clients are refused, not promoted).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("oauth_clients")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("scopes", "jsonb", (c) => c.notNull())
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("secret_prefix", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "text")
    .addColumn("disabled_at", "timestamptz")
    .addColumn("last_used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("oauth_clients_organization").on("oauth_clients").columns(["organization_id", "created_at"]).execute();

  await db.schema
    .createTable("oauth_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("client_id", "text", (c) => c.notNull().references("oauth_clients.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("scopes", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("oauth_tokens_client").on("oauth_tokens").column("client_id").execute();
  await db.schema.createIndex("oauth_tokens_expires").on("oauth_tokens").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("oauth_tokens").ifExists().execute();
  await db.schema.dropTable("oauth_clients").ifExists().execute();
}
