import type { Role } from "../../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import { decide, joinedState } from "../../domain/membership-states.js";
import { isRoleRaise, mostPermissive } from "../../domain/roles.js";
import type { Executor } from "../db-types.js";

/**
 * Gives a user a role in an organization, keeping the more permissive one if they already hold a
 * role there ("most permissive wins"; an owner stays owner). Locks the membership row for the merge.
 * A newcomer joins active, or awaiting confirmation when the organization's policy asks for it; a
 * member keeps their state, and a suspended one is refused (a link never lifts a suspension).
 * `raised`: the person holds a role above what they held (none counts below member), for the audit mark.
 */
export async function mergeMembership(
  db: Executor,
  organizationId: string,
  userId: string,
  role: Role,
  now: Date,
): Promise<{ role: Role; raised: boolean }> {
  const existing = await db
    .selectFrom("memberships")
    .select(["role", "state", "suspended_from"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (existing) {
    const d = decide("join", { state: existing.state, suspendedFrom: existing.suspended_from });
    if (d.kind === "refuse") throw new DomainError(d.code, "Your membership in this organization is suspended; ask an admin.");
    const merged = mostPermissive(existing.role, role);
    if (merged !== existing.role) {
      await db.updateTable("memberships").set({ role: merged }).where("organization_id", "=", organizationId).where("user_id", "=", userId).execute();
    }
    return { role: merged, raised: isRoleRaise(existing.role, merged) };
  }
  const state = joinedState(await confirmationPolicy(db, organizationId));
  await db
    .insertInto("memberships")
    .values({ organization_id: organizationId, user_id: userId, role, state, created_at: now, joined_at: now })
    .execute();
  return { role, raised: isRoleRaise(null, role) };
}

export async function confirmationPolicy(db: Executor, organizationId: string): Promise<{ confirmationRequired: boolean }> {
  const org = await db.selectFrom("organizations").select("confirmation_required").where("id", "=", organizationId).executeTakeFirstOrThrow();
  return { confirmationRequired: org.confirmation_required };
}

/**
 * A placeholder's own membership becomes a person's when they claim it with a new account: pending →
 * active (or awaiting confirmation, by policy). Locked, decided by the state table, guarded update.
 */
export async function joinAsClaimant(db: Executor, organizationId: string, userId: string, now: Date): Promise<void> {
  const d = await decideClaim(db, organizationId, userId, await confirmationPolicy(db, organizationId));
  if (d.kind !== "move") return;
  await db
    .updateTable("memberships")
    .set({ state: d.to, joined_at: now })
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("state", "=", d.from)
    .execute();
}

/** Before a placeholder's project moves to an existing account: a suspended placeholder cannot be claimed. */
export async function assertPlaceholderClaimable(db: Executor, organizationId: string, userId: string): Promise<void> {
  await decideClaim(db, organizationId, userId, { confirmationRequired: false });
}

/** Locks a placeholder's membership and decides its `join`; a suspended one is refused. */
async function decideClaim(db: Executor, organizationId: string, userId: string, policy: { confirmationRequired: boolean }) {
  const m = await db
    .selectFrom("memberships")
    .select(["state", "suspended_from"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!m) throw new DomainError("claim_link_cancelled", "The account this link was for no longer exists.");
  const d = decide("join", { state: m.state, suspendedFrom: m.suspended_from }, policy);
  if (d.kind === "refuse") throw new DomainError(d.code, "This account is suspended in the organization; ask an admin.");
  return d;
}
