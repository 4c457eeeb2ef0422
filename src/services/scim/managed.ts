import type { Actor, ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { actorMayAct } from "../../domain/membership-guards.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { getMember, type MemberView } from "../team/members.js";
import { enforce, guardActorOf } from "../team/standing.js";
import { change } from "../unit-of-work.js";

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

/**
 * An owner (or the admin key) takes a member out of the identity provider's management: the SCIM profile
 * is dropped, so the dashboard and team API may change their state again. The identity provider sees a
 * member without a profile (userName from the account) and may link them again by writing to them.
 */
export async function unlinkScimMember(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string): Promise<MemberView> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    const guard = await guardActorOf(unit.trx, ctx.actor);
    enforce(actorMayAct(guard));
    if (guard.kind === "member" && guard.role !== "owner") throw new DomainError("owner_required", "Only an owner unlinks a member from SCIM.");
    const removed = await unit.trx
      .deleteFrom("scim_users")
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", userId)
      .returning("user_name")
      .executeTakeFirst();
    if (removed) await unit.audit("scim.user_unlinked", { type: "user", id: userId }, { userName: removed.user_name });
    return getMember(unit.trx, organizationId, userId);
  });
}
