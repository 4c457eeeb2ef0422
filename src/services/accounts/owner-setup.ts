import { person, type ActorContext } from "../../domain/actors.js";
import { sha256Hex } from "../../domain/encoding.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { change } from "../unit-of-work.js";
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

/** Why a setup link cannot be used, or null. */
function setupRefusal(row: { used_at: Date | null; expires_at: Date } | undefined, now: Date): DomainError | null {
  if (!row) return new DomainError("setup_link_invalid", "Check that the whole link was copied.");
  if (row.used_at) return new DomainError("setup_link_used", "The organization already has its owner. Log in instead.");
  if (row.expires_at.getTime() <= now.getTime()) {
    return new DomainError(
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
  ctx: ActorContext,
  token: string,
  who: { kind: "new"; account: NewAccount } | { kind: "existing"; userId: string },
): Promise<{ userId: string; organizationId: string }> {
  return change(deps, ctx, {}, async (unit) => {
    const { trx, now, audit } = unit;
    const row = await findSetupToken(trx, token, true);
    const refusal = setupRefusal(row, now);
    if (refusal || !row) throw refusal;
    const userId = who.kind === "new" ? (await createAccount(deps, unit, who.account)).id : who.userId;
    await trx
      .insertInto("memberships")
      .values({ organization_id: row.organization_id, user_id: userId, role: "owner", created_at: now, joined_at: now })
      .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doUpdateSet({ role: "owner" }))
      .execute();
    await trx.updateTable("owner_setup_tokens").set({ used_at: now }).where("id", "=", row.id).where("used_at", "is", null).execute();
    await audit("organization.owner_set", { type: "user", id: userId }, { privilegeRaise: true }, { organizationId: row.organization_id, actor: person(userId) });
    return { userId, organizationId: row.organization_id };
  });
}
