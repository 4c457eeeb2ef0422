import type { Provision, Role } from "../../../db/schema.js";
import { normalizeEmail } from "../../domain/claim-rules.js";
import { isRoleRaise } from "../../domain/roles.js";
import { hashPassword } from "../../domain/password.js";
import { person, type ActorContext } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { createAccount, emailIsTaken, emailTaken, orEmailTaken, type NewAccount } from "../accounts/accounts.js";
import { assertPlaceholderClaimable, joinAsClaimant, mergeMembership } from "../accounts/memberships.js";
import type { Executor } from "../db-types.js";
import { change } from "../unit-of-work.js";
import { proofHolds, requireProvenAddress } from "../accounts/email-verification.js";
import { readClaimLink } from "./read-link.js";

export type Claimant =
  | { kind: "new"; name: string; email: string; password: string }
  | { kind: "existing"; userId: string; email: string };

export type ClaimResult = { provision: Provision; userId: string; role: Role; mode: "new_account" | "transfer" };

/**
 * Claims a provision, at most once whatever the concurrency: the provision row is locked, every rule
 * re-checked under the lock, and the status moves with a guarded update. The API key is never
 * touched, so agents using it keep working throughout; only its owner changes.
 */
export async function claimProvision(deps: AppDeps, ctx: ActorContext, token: string, claimant: Claimant, proof?: string): Promise<ClaimResult> {
  // The slow KDF runs before the transaction, so the row lock is held for milliseconds only.
  const passwordHash =
    claimant.kind === "new" ? await hashPassword(claimant.password, deps.config.passwordIterations) : null;

  return change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
    const { provision } = await readClaimLink(deps, trx, token, { forUpdate: true, claimantEmail: claimant.email });
    const bound = provision.email ? { purpose: "provision" as const, id: provision.id, email: provision.email, proof } : null;
    let userId: string;
    let role: Role;
    // A person taking an admin's (or more) standing they did not hold is a raise of privilege.
    let raised: boolean;
    if (claimant.kind === "new") {
      if (await emailIsTaken(trx, claimant.email)) throw emailTaken();
      await joinAsClaimant(trx, provision.organization_id, provision.user_id, now);
      await orEmailTaken(
        trx
          .updateTable("users")
          .set({ status: "active", name: claimant.name, email: normalizeEmail(claimant.email), password_hash: passwordHash, updated_at: now })
          .where("id", "=", provision.user_id)
          .where("status", "=", "placeholder")
          .executeTakeFirstOrThrow(),
      );
      userId = provision.user_id;
      role = provision.role;
      raised = isRoleRaise(null, role);
      if (bound) await requireProvenAddress(deps, trx, now, { userId, email: claimant.email }, bound);
    } else {
      userId = claimant.userId;
      // An address-bound provision goes to a verified address (or through the link mailed to it).
      if (bound) await requireProvenAddress(deps, trx, now, { userId, email: claimant.email }, bound);
      ({ role, raised } = await transferToAccount(trx, provision, claimant.userId, now));
    }
    const claimed = await trx
      .updateTable("provisions")
      .set({ status: "claimed", claimed_by_user_id: userId, claimed_at: now, updated_at: now })
      .where("id", "=", provision.id)
      .where("status", "=", "pending")
      .returningAll()
      .executeTakeFirst();
    if (!claimed) throw new DomainError("claim_already_used");
    const mode = claimant.kind === "new" ? "new_account" : "transfer";
    await audit(
      "provision.claimed",
      { type: "provision", id: provision.id },
      { mode, role, projectId: provision.project_id, placeholderUserId: provision.user_id, ...(raised ? { privilegeRaise: true } : {}) },
      { organizationId: provision.organization_id, actor: person(userId) },
    );
    invalidate({ projects: [claimed.project_id] });
    return { provision: claimed, userId, role, mode } as const;
  });
}

/**
 * Moves the provisioned project (with its agents and keys, which hang off the project) to an existing
 * account, merges the membership (most permissive role wins; an owner stays owner) and deletes the
 * placeholder user.
 */
async function transferToAccount(trx: Executor, provision: Provision, userId: string, now: Date) {
  await assertPlaceholderClaimable(trx, provision.organization_id, provision.user_id);
  const user = await trx.selectFrom("users").select(["id"]).where("id", "=", userId).where("status", "=", "active").executeTakeFirst();
  if (!user) throw new DomainError("session_required", "Your account is not active.");
  await trx.updateTable("projects").set({ owner_user_id: userId, updated_at: now }).where("id", "=", provision.project_id).execute();
  const merged = await mergeMembership(trx, provision.organization_id, userId, provision.role, now);
  await trx.deleteFrom("memberships").where("user_id", "=", provision.user_id).execute();
  await trx.deleteFrom("users").where("id", "=", provision.user_id).where("status", "=", "placeholder").execute();
  return merged;
}

/**
 * A visitor signs up on a claim page: the link must still be usable, and by this email. Nothing is
 * claimed yet: the person comes back to the page, sees the confirmation and presses Claim account.
 */
export function signUpForClaim(deps: AppDeps, ctx: ActorContext, token: string, account: NewAccount, proof?: string): Promise<{ userId: string }> {
  return change(deps, ctx, {}, async (unit) => {
    const { provision } = await readClaimLink(deps, unit.trx, token, { claimantEmail: account.email });
    // Signing up through the link mailed to this address verifies it.
    const proven = await proofHolds(deps, { purpose: "provision", id: provision.id, email: provision.email, proof });
    return { userId: (await createAccount(deps, unit, account, proven)).id };
  });
}
