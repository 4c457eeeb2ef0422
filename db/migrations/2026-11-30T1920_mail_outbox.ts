import { sql, type Kysely } from "kysely";

// Frozen in time: written against Kysely<any>, never importing application types.
//
// The mail outbox: one row per message, written in the transaction of the change that causes it and
// delivered afterwards (right after commit, then by the delivery job with backoff). The message itself
// (it holds a claim, invitation or recovery link) is sealed with the server's sealing key and dropped
// once sent; the recipient, the kind and the delivery state stay for the dashboard and the API.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    // What the message is about (a provision, an invitation, a user), for its delivery state.
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    // `<sealing key id>:<sealed JSON>`; null once sent or given up.
    .addColumn("payload", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'sending', 'sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
    // While `sending`: when a worker that died mid-attempt gives the row back.
    .addColumn("lease_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .addCheckConstraint("mail_outbox_lease", sql`(status = 'sending') = (lease_until is not null)`)
    .execute();
  // The delivery job's scan: only rows still to deliver, by when they are due.
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where status in ('queued', 'sending')`.execute(db);
  // The delivery state shown beside a provision, an invitation or an account.
  await db.schema.createIndex("mail_outbox_subject").on("mail_outbox").columns(["subject_type", "subject_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_outbox").ifExists().execute();
}
