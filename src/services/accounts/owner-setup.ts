import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import { newId } from "../../domain/ids.js";
import type { AppDeps } from "../../deps.js";
import { ApiError } from "../../http/errors.js";
import { recordAudit } from "../audit.js";
import type { Executor } from "../db-types.js";
import { createAccount, type NewAccount } from "./accounts.js";

async function findSetupToken(db: Executor, token: string, forUpdate = false) {
  let query = db
    .selectFrom("owner_setup_tokens as t")
    .innerJoin("organizations as o", "o.id", "t.organization_id")
    .select(["t.id", "t.organization_id", "t.used_at", "t.expires_at", "o.name as organization_name"])
    .where("t.token_hash", "=", await sha256Hex(token));
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export const DEFAULT_SETUP_LINK_TTL_HOURS = 72;

/**
 * A new single-use owner setup link for an organization (at its creation, or from
 * `handoff-admin owner-setup-link` when the first one expired or was lost). Older unused links of the
 * organization stop working. Only the token's hash is stored; the link is returned once.
 */
export async function issueOwnerSetupLink(
  db: Executor,
  opts: { organizationId: string; publicUrl: string; now: Date; ttlHours?: number },
): Promise<{ url: string; expiresAt: Date }> {
  const token = toBase64Url(randomBytes(32));
  const expiresAt = new Date(opts.now.getTime() + (opts.ttlHours ?? DEFAULT_SETUP_LINK_TTL_HOURS) * 3600_000);
  await db.deleteFrom("owner_setup_tokens").where("organization_id", "=", opts.organizationId).where("used_at", "is", null).execute();
  await db
    .insertInto("owner_setup_tokens")
    .values({ id: newId("setupToken"), organization_id: opts.organizationId, token_hash: await sha256Hex(token), created_at: opts.now, expires_at: expiresAt })
    .execute();
  await recordAudit(db, {
    organizationId: opts.organizationId,
    actor: { type: "system", id: null },
    action: "organization.owner_setup_link_issued",
    target: { type: "organization", id: opts.organizationId },
    requestId: null,
    metadata: { expiresAt: expiresAt.toISOString() },
    at: opts.now,
  });
  return { url: `${opts.publicUrl}/setup/${token}`, expiresAt };
}

/** Why a setup link cannot be used, or null. */
function setupRefusal(row: { used_at: Date | null; expires_at: Date } | undefined, now: Date): ApiError | null {
  if (!row) return new ApiError("setup_link_invalid", "Check that the whole link was copied.");
  if (row.used_at) return new ApiError("setup_link_used", "The organization already has its owner. Log in instead.");
  if (row.expires_at.getTime() <= now.getTime()) {
    return new ApiError(
      "setup_link_expired",
      "Setup links work for a limited time. Whoever runs Handoff can issue a new one: npm run handoff-admin -- owner-setup-link",
    );
  }
  return null;
}

/** What the setup page shows, or why the link cannot be used. */
export async function readSetupLink(deps: AppDeps, token: string) {
  const row = await findSetupToken(deps.db, token);
  const refusal = setupRefusal(row, deps.clock.now());
  if (refusal || !row) throw refusal;
  return { organizationId: row.organization_id, organizationName: row.organization_name };
}

/**
 * The first visitor of the setup link becomes the organization's owner: with a new account, or with
 * the account they are logged in to. The link is single-use (guarded update under a row lock).
 */
export async function completeOwnerSetup(
  deps: AppDeps,
  token: string,
  who: { kind: "new"; account: NewAccount } | { kind: "existing"; userId: string },
  requestId: string | null,
): Promise<{ userId: string; organizationId: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const row = await findSetupToken(trx, token, true);
    const refusal = setupRefusal(row, now);
    if (refusal || !row) throw refusal;
    const userId = who.kind === "new" ? (await createAccount(deps, trx, who.account)).id : who.userId;
    await trx
      .insertInto("memberships")
      .values({ organization_id: row.organization_id, user_id: userId, role: "owner", created_at: now })
      .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doUpdateSet({ role: "owner" }))
      .execute();
    await trx.updateTable("owner_setup_tokens").set({ used_at: now }).where("id", "=", row.id).where("used_at", "is", null).execute();
    await recordAudit(trx, {
      organizationId: row.organization_id,
      actor: { type: "user", id: userId },
      action: "organization.owner_set",
      target: { type: "user", id: userId },
      requestId,
      at: now,
    });
    return { userId, organizationId: row.organization_id };
  });
}
