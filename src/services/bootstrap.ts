import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { newId } from "../domain/ids.js";
import { issueOwnerSetupLink } from "./accounts/owner-setup.js";
import { recordAudit } from "./audit.js";
import { issueKey } from "./keys/issue.js";

export type BootstrapResult = { organizationId: string; adminKey: string; ownerSetupUrl: string; ownerSetupExpiresAt: Date };

export type NewOrganization = {
  organizationName: string;
  publicUrl: string;
  now: Date;
  /** How long the owner setup link works (default 72 h). */
  setupLinkTtlHours?: number;
};

/**
 * On an empty database: the organization, its admin key and a single-use owner setup link.
 * Returns null when an organization exists already, so later starts reveal nothing. An advisory lock
 * makes two instances starting together create one organization, not two.
 */
export async function bootstrapIfEmpty(
  db: Kysely<Database>,
  opts: NewOrganization,
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
  opts: NewOrganization,
): Promise<BootstrapResult> {
  const organizationId = newId("organization");
  await db.insertInto("organizations").values({ id: organizationId, name: opts.organizationName, created_at: opts.now }).execute();
  const key = await issueKey(db, {
    organizationId,
    kind: "admin",
    projectId: null,
    agentId: null,
    name: "Bootstrap admin key",
    now: opts.now,
  });
  await recordAudit(db, {
    organizationId,
    actor: { type: "system", id: null },
    action: "organization.created",
    target: { type: "organization", id: organizationId },
    requestId: null,
    metadata: { adminKeyId: key.row.id },
    at: opts.now,
  });
  const setup = await issueOwnerSetupLink(db, { organizationId, publicUrl: opts.publicUrl, now: opts.now, ttlHours: opts.setupLinkTtlHours });
  return { organizationId, adminKey: key.secret, ownerSetupUrl: setup.url, ownerSetupExpiresAt: setup.expiresAt };
}
