import type { Membership } from "../../../db/schema.js";
import { actorRef, type ActorContext, type TeamActor } from "../../domain/actors.js";
import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import { actorMayAct, permissionRequired, type GuardActor } from "../../domain/membership-guards.js";
import { decide } from "../../domain/membership-states.js";
import { recoveryLinkExpiry, recoveryRefusal } from "../../domain/recovery-rules.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { mailRecoveryLink } from "../mail/notices.js";
import { change, type Unit } from "../unit-of-work.js";
import { guardedUpdate, lockMember, openMemberAction } from "./member-actions.js";
import { getMember, type MemberView } from "./members.js";
import { enforce, guardActorOf } from "./standing.js";

/**
 * Account recovery from the admin's side: start it for up to ten people at once, then complete or
 * cancel it per person. The person's side (the link page) is services/accounts/recovery-link.ts.
 * Their projects, agents and keys are never touched: only the password, the sessions and two-step.
 * A SCIM-managed member may be recovered too: the identity provider manages membership, not passwords.
 */

export type RecoveryStarted = {
  userId: string;
  state: "recovery_started";
  expiresAt: Date;
  /** Mailed to the person: the link is not handed to the admin. */
  mailed: boolean;
  /** Only when mail is off: the admin hands the link over, as with claim links before mail. */
  recoveryUrl: string | null;
};
export type RecoveryRefused = { userId: string; error: { code: string; detail: string } };
export type RecoveryResult = RecoveryStarted | RecoveryRefused;

const target = (userId: string) => ({ type: "user", id: userId });

/**
 * Starts recovery for each person, one result per person in the order given: a refusal for one (not
 * a member, an owner for a non-owner, someone of another organization too) does not stop the others.
 * All of it is one transaction: each started person's state, link, ended sessions, mail and audit
 * event commit together. Starting again for someone already in `recovery_started` sends a new link
 * and the previous one stops working (a lost or expired mail needs no cancel first).
 */
export async function beginRecovery(deps: AppDeps, ctx: ActorContext<TeamActor>, userIds: readonly string[]): Promise<RecoveryResult[]> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    // The organization's row lock first, as every member action takes it (see member-actions.ts).
    await unit.trx.selectFrom("organizations").select("id").where("id", "=", organizationId).forNoKeyUpdate().executeTakeFirst();
    const actor = await guardActorOf(unit.trx, ctx.actor);
    enforce(actorMayAct(actor) ?? permissionRequired(actor, "recover"));
    const results: RecoveryResult[] = [];
    for (const userId of userIds) {
      try {
        results.push(await startOne(deps, unit, actor, organizationId, userId));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({ userId, error: { code: err.code, detail: err.detail ?? err.message } });
      }
    }
    return results;
  });
}

async function startOne(deps: AppDeps, unit: Unit, actor: GuardActor, organizationId: string, userId: string): Promise<RecoveryStarted> {
  const m = await lockMember(unit.trx, organizationId, userId);
  if (!m) throw new DomainError("not_found", "No such member in this organization.");
  const refusal = recoveryRefusal(actor, { userId, role: m.role }, await otherOrganizations(unit.trx, organizationId, userId));
  if (refusal) throw new DomainError(refusal.code, refusal.detail);
  const d = decide("start_recovery", { state: m.state, suspendedFrom: m.suspended_from });
  if (d.kind === "refuse") enforce(d);
  const user = await unit.trx.selectFrom("users").select(["name", "email"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (!user.email) throw new DomainError("member_not_active", "The member has no account to recover yet.");
  if (d.kind === "move") await guardedUpdate(unit.trx, m, d.from, { state: "recovery_started" });
  const resent = await endOpenLinks(unit.trx, m, unit.now);
  // The old password stops working (login refuses it, see accounts.ts) and every session ends now.
  await unit.trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
  const token = toBase64Url(randomBytes(32));
  const expiresAt = recoveryLinkExpiry(unit.now, deps.config.recoveryLinkTtlHours);
  const by = actorRef(unit.actor);
  await unit.trx
    .insertInto("account_recoveries")
    .values({
      id: newId("recovery"),
      organization_id: organizationId,
      user_id: userId,
      token_hash: await sha256Hex(token),
      expires_at: expiresAt,
      created_by_type: by.type,
      created_by_id: by.id,
      created_at: unit.now,
    })
    .execute();
  const url = `${deps.config.publicUrl}/recover/${token}`;
  const mailed = (await mailRecoveryLink(deps, unit, { organizationId, userId, email: user.email, name: user.name, url, expiresAt })) !== null;
  await unit.audit("member.recovery_started", target(userId), { expiresAt: expiresAt.toISOString(), mailed, ...(resent ? { resent: true } : {}) });
  return { userId, state: "recovery_started", expiresAt, mailed, recoveryUrl: mailed ? null : url };
}

/** Memberships the person holds in other organizations (any state: even a suspended one is theirs). */
async function otherOrganizations(db: Executor, organizationId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("user_id", "=", userId)
    .where("organization_id", "<>", organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends the member's open links (a new one replaces them, or the recovery is over); true if there was one. */
async function endOpenLinks(db: Executor, m: Pick<Membership, "organization_id" | "user_id">, now: Date): Promise<boolean> {
  const ended = await db
    .updateTable("account_recoveries")
    .set({ ended_at: now })
    .where("organization_id", "=", m.organization_id)
    .where("user_id", "=", m.user_id)
    .where("ended_at", "is", null)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  return Number(ended.numUpdatedRows) > 0;
}

/**
 * Completes a recovery the person accepted (they set a new password): they can log in again.
 * Refused while they have not (409 `recovery_not_accepted`) and outside recovery (409
 * `member_not_in_recovery`), so of many concurrent completes exactly one succeeds.
 */
export function completeRecovery(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string): Promise<MemberView> {
  return endRecovery(deps, ctx, userId, "complete_recovery");
}

/**
 * Cancels a recovery: the member is active again. Before the person accepted, their old password
 * works again (it was never changed); after, the new password they set stays (the old one is gone)
 * and two-step login stays off until they turn it on. The open link stops working either way.
 */
export function cancelRecovery(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string): Promise<MemberView> {
  return endRecovery(deps, ctx, userId, "cancel_recovery");
}

async function endRecovery(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string, action: "complete_recovery" | "cancel_recovery"): Promise<MemberView> {
  return change(deps, ctx, {}, async (unit) => {
    const m = await openMemberAction(unit, ctx, userId, "recover");
    const d = decide(action, { state: m.state, suspendedFrom: m.suspended_from });
    if (d.kind === "refuse") enforce(d);
    if (d.kind === "move") {
      await guardedUpdate(unit.trx, m, d.from, { state: d.to });
      await endOpenLinks(unit.trx, m, unit.now);
      if (action === "complete_recovery") await unit.audit("member.recovery_completed", target(userId));
      else await unit.audit("member.recovery_cancelled", target(userId), { from: d.from });
    }
    return getMember(unit.trx, m.organization_id, userId);
  });
}
