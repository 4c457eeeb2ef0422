import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// The audit trail is append-only, and the database itself says so: a trigger refuses every UPDATE and
// every DELETE of an audit row (and TRUNCATE of the table), except a DELETE made in a transaction that
// set `handoff.audit_purge` to `on` for itself (`set_config(…, true)`: transaction-local), which only
// the retention purge of the sweeper does. A bug, a hand-written query or a compromised service
// cannot quietly rewrite history without that deliberate step.
//
// Indexes for reading it: keyset pages per organization (time, id), filtered by action, actor or target,
// and the retention purge's oldest-first scan across organizations.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function handoff_audit_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and coalesce(current_setting('handoff.audit_purge', true), '') = 'on' then
        return old;
      end if;
      raise exception 'audit events are append-only: % refused', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function handoff_audit_append_only()`.execute(db);
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function handoff_audit_append_only()`.execute(db);

  await db.schema.dropIndex("audit_events_org_time").execute();
  await db.schema.createIndex("audit_events_org_time").on("audit_events").columns(["organization_id", "created_at desc", "id desc"]).execute();
  await db.schema
    .createIndex("audit_events_org_action")
    .on("audit_events")
    .columns(["organization_id", "action", "created_at desc", "id desc"])
    .execute();
  await db.schema
    .createIndex("audit_events_org_actor")
    .on("audit_events")
    .columns(["organization_id", "actor_id", "created_at desc", "id desc"])
    .execute();
  await db.schema.createIndex("audit_events_created").on("audit_events").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_events_created").ifExists().execute();
  await db.schema.dropIndex("audit_events_org_actor").ifExists().execute();
  await db.schema.dropIndex("audit_events_org_action").ifExists().execute();
  await db.schema.dropIndex("audit_events_org_time").ifExists().execute();
  await db.schema.createIndex("audit_events_org_time").on("audit_events").columns(["organization_id", "created_at desc"]).execute();
  await sql`drop trigger if exists audit_events_no_truncate on audit_events`.execute(db);
  await sql`drop trigger if exists audit_events_append_only on audit_events`.execute(db);
  await sql`drop function if exists handoff_audit_append_only()`.execute(db);
}
