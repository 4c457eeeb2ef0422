import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";

export type BulkSeed = {
  organizationId: string;
  count: number;
  expiresAt: Date;
  createdAt: Date;
};

/**
 * `count` pending provisions with everything a real one creates (placeholder user, membership, project,
 * default agent, key), written set-wise with generate_series: seconds for 100,000 rows where the API
 * would take minutes. Ids carry a random tag so the same database can be seeded more than once.
 * The keys' hashes are not of any real key: these provisions are for the sweeper, not for requests.
 */
export async function seedPendingProvisions(db: Kysely<Database>, s: BulkSeed): Promise<{ tag: string }> {
  const tag = Math.random().toString(36).slice(2, 10);
  const id = (prefix: string) => sql`${prefix + "_" + tag + "_"} || g`;
  const series = sql`generate_series(1, ${s.count}::int) as g`;
  const at = s.createdAt;
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into users (id, status, created_at, updated_at)
      select ${id("usr")}, 'placeholder', ${at}, ${at} from ${series}`.execute(trx);
    await sql`
      insert into memberships (organization_id, user_id, role, created_at)
      select ${s.organizationId}, ${id("usr")}, 'member', ${at} from ${series}`.execute(trx);
    await sql`
      insert into projects (id, organization_id, owner_user_id, name, created_at, updated_at)
      select ${id("prj")}, ${s.organizationId}, ${id("usr")}, 'Seeded project', ${at}, ${at} from ${series}`.execute(trx);
    await sql`
      insert into agents (id, organization_id, project_id, name, identifier, is_default, created_at, updated_at)
      select ${id("agt")}, ${s.organizationId}, ${id("prj")}, 'Default agent', 'default', true, ${at}, ${at}
      from ${series}`.execute(trx);
    await sql`
      insert into api_keys (id, organization_id, kind, project_id, agent_id, name, display_prefix, secret_hash, created_at)
      select ${id("key")}, ${s.organizationId}, 'project', ${id("prj")}, ${id("agt")}, 'Provisioned key', 'hnd_seed',
             md5(${id("key")}), ${at}
      from ${series}`.execute(trx);
    await sql`
      insert into provisions (id, organization_id, status, role, skip_onboarding, project_name, user_id, project_id,
                              agent_id, api_key_id, claim_nonce_hash, expires_at, created_by_type, created_by_id,
                              created_at, updated_at)
      select ${id("prv")}, ${s.organizationId}, 'pending', 'member', true, 'Seeded project', ${id("usr")}, ${id("prj")},
             ${id("agt")}, ${id("key")}, md5(${id("prv")}), ${s.expiresAt}, 'admin_key', 'seed', ${at}, ${at}
      from ${series}`.execute(trx);
  });
  return { tag };
}

/** What is left of one seeded batch's resources (all zero once swept). */
export async function seededLeftovers(db: Kysely<Database>, tag: string) {
  const count = async (table: string, column: string, prefix: string) => {
    const { rows } = await sql<{ n: string | number }>`
      select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} like ${`${prefix}\\_${tag}\\_%`}`.execute(db);
    return Number(rows[0]!.n);
  };
  return {
    users: await count("users", "id", "usr"),
    memberships: await count("memberships", "user_id", "usr"),
    projects: await count("projects", "id", "prj"),
    agents: await count("agents", "id", "agt"),
    apiKeys: await count("api_keys", "id", "key"),
  };
}
