import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { randomBytes, sha256Hex, toBase64Url } from "../domain/encoding.js";
import { newId } from "../domain/ids.js";
import { recordAudit } from "./audit.js";
import { insertBuiltinGroups } from "./groups/builtin.js";
import { issueKey } from "./keys/issue.js";

export type BootstrapResult = { organizationId: string; adminKey: string; ownerSetupUrl: string };

/**
 * On an empty database: the organization, its admin key and a single-use owner setup link.
 * Returns null when an organization exists already, so later starts reveal nothing. An advisory lock
 * makes two instances starting together create one organization, not two.
 */
export async function bootstrapIfEmpty(
  db: Kysely<Database>,
  opts: { organizationName: string; publicUrl: string; now: Date },
): Promise<BootstrapResult | null> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('handoff.bootstrap'))`.execute(trx);
    const existing = await trx.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
    if (existing) return null;
    return createOrganization(trx, opts);
  });
}

/** A new organization with an admin key and an owner setup link (also used by tests and operators). */
export async function createOrganization(
  db: Kysely<Database>,
  opts: { organizationName: string; publicUrl: string; now: Date },
): Promise<BootstrapResult> {
  const organizationId = newId("organization");
  await db.insertInto("organizations").values({ id: organizationId, name: opts.organizationName, created_at: opts.now }).execute();
  await insertBuiltinGroups(db, organizationId, opts.now);
  const key = await issueKey(db, {
    organizationId,
    kind: "admin",
    projectId: null,
    agentId: null,
    name: "Bootstrap admin key",
    now: opts.now,
  });
  const setupToken = toBase64Url(randomBytes(32));
  await db
    .insertInto("owner_setup_tokens")
    .values({ id: newId("setupToken"), organization_id: organizationId, token_hash: await sha256Hex(setupToken), created_at: opts.now })
    .execute();
  await recordAudit(db, {
    organizationId,
    actor: { type: "system", id: null },
    action: "organization.created",
    target: { type: "organization", id: organizationId },
    requestId: null,
    metadata: { adminKeyId: key.row.id },
    at: opts.now,
  });
  return { organizationId, adminKey: key.secret, ownerSetupUrl: `${opts.publicUrl}/setup/${setupToken}` };
}
