import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// The team lifecycle: a state per membership (with the moments suspension and deauthorization take
// effect), groups granting team permissions (a built-in Provision Managers group in every
// organization), the organization's policy, and what revoking and resending an invitation need.

const STATES = "'pending', 'awaiting_confirmation', 'active', 'suspended', 'recovery_started', 'recovery_accepted'";
// The built-in group's permissions as they stood when this migration was written.
const PROVISION_MANAGERS = JSON.stringify(["provision", "confirm", "recover"]);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("memberships")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("active").check(sql.raw(`state in (${STATES})`)))
    .addColumn("joined_at", "timestamptz")
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("suspended_at", "timestamptz")
    .addColumn("deauthorize_at", "timestamptz")
    // The state reactivation returns to (a suspended placeholder is pending again, and so on).
    .addColumn("suspended_from", "text", (c) => c.check(sql.raw(`suspended_from in (${STATES}) and suspended_from <> 'suspended'`)))
    .addColumn("last_seen_at", "timestamptz")
    .execute();
  // A suspended membership always says when its deauthorization takes effect; no other state has one.
  await sql`
    alter table memberships add constraint memberships_suspension check (
      (state = 'suspended') = (suspended_at is not null and deauthorize_at is not null and suspended_from is not null)
    )
  `.execute(db);
  // Placeholders of provisions nobody has claimed yet are pending; everyone else was already a member.
  await sql`
    update memberships set state = 'pending'
    where user_id in (select id from users where status = 'placeholder')
  `.execute(db);
  await sql`update memberships set joined_at = created_at where state = 'active'`.execute(db);
  // The People list (newest first, by state) and the sweeper's automatic deletion of suspended members.
  await db.schema
    .createIndex("memberships_org_list")
    .on("memberships")
    .columns(["organization_id", "created_at desc", "user_id desc"])
    .execute();
  await sql`create index memberships_suspended on memberships (suspended_at) where state = 'suspended'`.execute(db);
  // A member's provision (the People list shows it; deleting a placeholder cancels it).
  await db.schema.createIndex("provisions_user").on("provisions").columns(["organization_id", "user_id"]).execute();

  await db.schema
    .alterTable("organizations")
    .addColumn("confirmation_required", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("delete_permission", "text", (c) =>
      c.notNull().defaultTo("admins").check(sql`delete_permission in ('admins', 'owners')`),
    )
    .addColumn("auto_delete_suspended_after_days", "integer", (c) =>
      c.check(sql`auto_delete_suspended_after_days between 1 and 180`),
    )
    .addColumn("updated_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("groups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("permissions", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Set for groups every organization has (e.g. `provision_managers`): they cannot be deleted.
    .addColumn("builtin", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("groups_permissions_array", sql`jsonb_typeof(permissions) = 'array'`)
    .execute();
  await sql`create unique index groups_org_name on groups (organization_id, lower(name))`.execute(db);
  await sql`create unique index groups_org_builtin on groups (organization_id, builtin) where builtin is not null`.execute(db);

  await db.schema
    .createTable("group_members")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_members_pk", ["group_id", "user_id"])
    // Leaving the organization leaves its groups.
    .addForeignKeyConstraint("group_members_membership", ["organization_id", "user_id"], "memberships", ["organization_id", "user_id"], (fk) =>
      fk.onDelete("cascade"),
    )
    .execute();
  await db.schema.createIndex("group_members_member").on("group_members").columns(["organization_id", "user_id"]).execute();

  // Every organization that exists gets the built-in group; new ones get it when they are created.
  await sql`
    insert into groups (id, organization_id, name, description, permissions, builtin, created_at, updated_at)
    select 'grp_' || substr(md5(o.id || 'provision_managers'), 1, 21), o.id, 'Provision Managers',
           'Provisions and invites people, confirms them, and starts account recovery.',
           ${PROVISION_MANAGERS}::jsonb, 'provision_managers', now(), now()
    from organizations o
  `.execute(db);

  await db.schema
    .alterTable("invitations")
    .addColumn("revoked_at", "timestamptz")
    // The last time a link was issued (creation or resend): a resend replaces token_hash.
    .addColumn("sent_at", "timestamptz")
    .addColumn("resend_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update invitations set sent_at = created_at`.execute(db);

  // The sweeper deletes members suspended past their organization's automatic deletion.
  await db.schema.alterTable("sweep_runs").addColumn("members_deleted", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sweep_runs").dropColumn("members_deleted").execute();
  await db.schema.alterTable("invitations").dropColumn("revoked_at").dropColumn("sent_at").dropColumn("resend_count").execute();
  await db.schema.dropTable("group_members").ifExists().execute();
  await db.schema.dropTable("groups").ifExists().execute();
  await db.schema
    .alterTable("organizations")
    .dropColumn("confirmation_required")
    .dropColumn("delete_permission")
    .dropColumn("auto_delete_suspended_after_days")
    .dropColumn("updated_at")
    .execute();
  await sql`drop index if exists provisions_user`.execute(db);
  await sql`drop index if exists memberships_suspended`.execute(db);
  await sql`drop index if exists memberships_org_list`.execute(db);
  await sql`alter table memberships drop constraint if exists memberships_suspension`.execute(db);
  await db.schema
    .alterTable("memberships")
    .dropColumn("state")
    .dropColumn("joined_at")
    .dropColumn("confirmed_at")
    .dropColumn("suspended_at")
    .dropColumn("deauthorize_at")
    .dropColumn("suspended_from")
    .dropColumn("last_seen_at")
    .execute();
}
