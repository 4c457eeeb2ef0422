import type { Actor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { Executor } from "../db-types.js";

/** Whether an identity provider manages this member (SCIM created or matched them). */
export async function isScimManaged(db: Executor, organizationId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom("scim_users").select("user_id").where("organization_id", "=", organizationId).where("user_id", "=", userId).executeTakeFirst();
  return row !== undefined;
}

/**
 * SCIM-managed members are locked against manual changes of state (suspend, reactivate, delete) from
 * the dashboard and the team API, so Handoff and the identity provider never disagree: the identity
 * provider's next sync would undo them. Recovery stays allowed; an owner may unlink the member first.
 */
export async function assertNotScimManaged(db: Executor, actor: Actor, organizationId: string, userId: string): Promise<void> {
  if (actor.kind === "scim") return;
  if (await isScimManaged(db, organizationId, userId)) {
    throw new DomainError(
      "scim_managed",
      "This member is managed by your identity provider: change them there, or have an owner unlink them from SCIM first.",
    );
  }
}
