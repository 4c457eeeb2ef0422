// The data behind the seeded benchmarks (seeded.ts): a PostgreSQL database of its own for each size
// (created, migrated, dropped at the end) and set-based seeding that grows one organization to N rows of each
// kind — provisions (each with its placeholder user, membership, project, default agent and project
// key), organization API keys and audit events — with `insert … select generate_series`, never through
// the API: a million rows of each take minutes this way, where the API would take hours.
//
// Timestamps step back one second per row from a fixed instant, so the lists' keyset order
// (created_at, id) has no ties and a deep page sits where its rank says.
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { connectDatabase, type DatabaseHandle } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import type { Database } from "../../db/schema.js";
import { withApplicationName } from "./support.js";

export type SeededDatabase = DatabaseHandle & { url: string; name: string; applicationName: string };

/** A database of its own next to the one `url` names, migrated; close() drops it. */
export async function seededDatabase(url: string, poolSize: number): Promise<SeededDatabase> {
  const name = `handoff_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async <T>(work: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end().catch(() => {});
    }
  };
  await admin((c) => c.query(`create database ${name}`));
  const own = new URL(url);
  own.pathname = `/${name}`;
  try {
    const handle = await connectDatabase({ databaseUrl: withApplicationName(own.toString(), name), poolSize });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url: own.toString(),
      name,
      applicationName: name,
      close: async () => {
        await handle.close();
        // (force): a connection some library kept open must not leave a million rows behind.
        await admin((c) => c.query(`drop database if exists ${name} with (force)`));
      },
    };
  } catch (err) {
    await admin((c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => {});
    throw err;
  }
}

/** `count` rows of each kind in the organization (rows 1…count). */
export async function seedRows(db: Kysely<Database>, organizationId: string, epoch: Date, count: number): Promise<void> {
  const series = sql`generate_series(1, ${count}::int) as g`;
  // Row g was created g seconds before the epoch: newest first is g ascending.
  const at = sql`${epoch}::timestamptz - make_interval(secs => g)`;
  const expiresAt = new Date(epoch.getTime() + 30 * 24 * 3600 * 1000);
  await db.transaction().execute(async (trx) => {
    // The rows reference each other correctly by construction: skipping the foreign-key triggers (a
    // per-row check each) makes seeding several times faster. Superuser only, and for this transaction.
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
      insert into users (id, status, name, email, created_at, updated_at)
      select 'usr_s' || g, 'placeholder', 'Seeded person ' || g, 'person' || g || '@seed.example', ${at}, ${at}
      from ${series}`.execute(trx);
    await sql`
      insert into memberships (organization_id, user_id, role, state, created_at)
      select ${organizationId}, 'usr_s' || g, 'member', 'pending', ${at} from ${series}`.execute(trx);
    await sql`
      insert into projects (id, organization_id, owner_user_id, name, created_at, updated_at)
      select 'prj_s' || g, ${organizationId}, 'usr_s' || g, 'Seeded project', ${at}, ${at} from ${series}`.execute(trx);
    await sql`
      insert into agents (id, organization_id, project_id, name, identifier, is_default, created_at, updated_at)
      select 'agt_s' || g, ${organizationId}, 'prj_s' || g, 'Default agent', 'default', true, ${at}, ${at}
      from ${series}`.execute(trx);
    // The hashes are of no real key: these keys are rows to search past, not credentials.
    await sql`
      insert into api_keys (id, organization_id, kind, project_id, agent_id, name, display_prefix, secret_hash, created_at)
      select 'key_s' || g, ${organizationId}, 'project', 'prj_s' || g, 'agt_s' || g, 'Provisioned key', 'hnd_seed',
             md5('project' || g), ${at}
      from ${series}`.execute(trx);
    await sql`
      insert into api_keys (id, organization_id, kind, name, display_prefix, secret_hash, scopes, created_at)
      select 'key_o' || g, ${organizationId}, 'admin', 'Seeded integration ' || g, 'hnd_seed', md5('admin' || g),
             '["provisions:write"]'::jsonb, ${at}
      from ${series}`.execute(trx);
    await sql`
      insert into provisions (id, organization_id, status, role, skip_onboarding, project_name, user_id, project_id,
                              agent_id, api_key_id, claim_nonce_hash, expires_at, created_by_type, created_by_id,
                              created_at, updated_at)
      select 'prv_s' || g, ${organizationId}, 'pending', 'member', true, 'Seeded project', 'usr_s' || g, 'prj_s' || g,
             'agt_s' || g, 'key_s' || g, md5('prv' || g), ${expiresAt}, 'admin_key', 'seed', ${at}, ${at}
      from ${series}`.execute(trx);
    await sql`
      insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, metadata, created_at)
      select 'evt_s' || g, ${organizationId}, 'admin_key', 'seed', 'provision.created', 'provision', 'prv_s' || g,
             jsonb_build_object('role', 'member', 'projectId', 'prj_s' || g), ${at}
      from ${series}`.execute(trx);
  });
  // Vacuumed, with fresh statistics, as autovacuum keeps a database that grew over months; and the
  // freshly written pages flushed now. Otherwise autovacuum and the checkpointer work through a million
  // new rows while the first figures are measured, and their CPU shows up as growth.
  await sql`vacuum (analyze)`.execute(db);
  await sql`checkpoint`.execute(db);
}
