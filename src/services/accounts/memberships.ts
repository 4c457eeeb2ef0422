import type { Role } from "../../../db/schema.js";
import { mostPermissive } from "../../domain/roles.js";
import type { Executor } from "../db-types.js";

/**
 * Gives a user a role in an organization, keeping the more permissive one if they already hold a
 * role there ("most permissive wins"; an owner stays owner). Locks the membership row for the merge.
 */
export async function mergeMembership(db: Executor, organizationId: string, userId: string, role: Role, now: Date): Promise<Role> {
  const existing = await db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  const merged = existing ? mostPermissive(existing.role, role) : role;
  await db
    .insertInto("memberships")
    .values({ organization_id: organizationId, user_id: userId, role: merged, created_at: now })
    .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doUpdateSet({ role: merged }))
    .execute();
  return merged;
}
