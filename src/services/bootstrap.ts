import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { randomBytes, sha256Hex, toBase64Url } from "../domain/encoding.js";
import { newId } from "../domain/ids.js";
import { recordAudit } from "./audit.js";
import { insertBuiltinGroups } from "./groups/builtin.js";
import type { Executor } from "./db-types.js";
import { issueKey } from "./keys/issue.js";
import { TEAM_SCOPES } from "../domain/team-scopes.js";

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
  await insertBuiltinGroups(db, organizationId, opts.now);
  const key = await issueKey(db, {
    organizationId,
    kind: "admin",
    projectId: null,
    agentId: null,
    name: "Bootstrap admin key",
    // Every scope: the first key of an organization that has no owner yet. It can be rolled or revoked.
    scopes: [...TEAM_SCOPES],
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
  // The organization.created event below covers its first setup link.
  const setup = await insertSetupLink(db, { organizationId, publicUrl: opts.publicUrl, now: opts.now, ttlHours: opts.setupLinkTtlHours });
  return { organizationId, adminKey: key.secret, ownerSetupUrl: setup.url, ownerSetupExpiresAt: setup.expiresAt };
}

export const DEFAULT_SETUP_LINK_TTL_HOURS = 72;

type SetupLinkOptions = { organizationId: string; publicUrl: string; now: Date; ttlHours?: number | undefined };

/** A single-use owner setup link: only the token's hash is stored; the link is returned once. */
async function insertSetupLink(db: Executor, opts: SetupLinkOptions): Promise<{ url: string; expiresAt: Date }> {
  const token = toBase64Url(randomBytes(32));
  const expiresAt = new Date(opts.now.getTime() + (opts.ttlHours ?? DEFAULT_SETUP_LINK_TTL_HOURS) * 3600_000);
  await db
    .insertInto("owner_setup_tokens")
    .values({ id: newId("setupToken"), organization_id: opts.organizationId, token_hash: await sha256Hex(token), created_at: opts.now, expires_at: expiresAt })
    .execute();
  return { url: `${opts.publicUrl}/setup/${token}`, expiresAt };
}

/**
 * A new owner setup link for an organization whose first one expired or was lost
 * (`handoff-admin owner-setup-link`): older unused links stop working; audited.
 */
export async function issueOwnerSetupLink(db: Executor, opts: SetupLinkOptions): Promise<{ url: string; expiresAt: Date }> {
  await db.deleteFrom("owner_setup_tokens").where("organization_id", "=", opts.organizationId).where("used_at", "is", null).execute();
  const link = await insertSetupLink(db, opts);
  await recordAudit(db, {
    organizationId: opts.organizationId,
    actor: { type: "system", id: null },
    action: "organization.owner_setup_link_issued",
    target: { type: "organization", id: opts.organizationId },
    requestId: null,
    metadata: { expiresAt: link.expiresAt.toISOString() },
    at: opts.now,
  });
  return link;
}

/**
 * A new organization API key with every scope, created by the server (`handoff-admin api-key`): the
 * way back in for an operator whose organization's keys were all revoked or lost. Audited; shown once.
 */
export async function issueRecoveryAdminKey(db: Executor, opts: { organizationId: string; now: Date }): Promise<{ secret: string; id: string }> {
  const key = await issueKey(db, {
    organizationId: opts.organizationId,
    kind: "admin",
    projectId: null,
    agentId: null,
    name: "Operator admin key",
    scopes: [...TEAM_SCOPES],
    now: opts.now,
  });
  await recordAudit(db, {
    organizationId: opts.organizationId,
    actor: { type: "system", id: null },
    action: "organization_api_key.created",
    target: { type: "api_key", id: key.row.id },
    requestId: null,
    metadata: { scopes: [...TEAM_SCOPES], expiresAt: null, createdBy: null, via: "handoff-admin" },
    at: opts.now,
  });
  return { secret: key.secret, id: key.row.id };
}
