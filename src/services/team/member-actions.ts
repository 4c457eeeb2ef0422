import type { Updateable } from "kysely";
import type { Membership, MembershipsTable, Role } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { guardMemberOperation, type MemberOperation } from "../../domain/membership-guards.js";
import { deauthorizeAtFor, decide } from "../../domain/membership-states.js";
import { isPrivilegeRaise, rolePermissions } from "../../domain/team-permissions.js";
import type { AppDeps } from "../../deps.js";
import { deleteProvisionResources } from "../provisions/resources.js";
import type { Executor } from "../db-types.js";
import { change, type ChangeOptions, type Unit } from "../unit-of-work.js";
import { assertNotScimManaged } from "../scim/managed.js";
import { lockInviteeInvitation, revokeInviteeInvitation } from "../scim/invitees.js";
import { getMember, type MemberView } from "./members.js";
import { enforce, guardActorOf } from "./standing.js";
import { getPolicy } from "./policy.js";

/**
 * Every action on a member takes the organization's row lock first (FOR NO KEY UPDATE: provisions and
 * claims, which only reference the organization, are not blocked), so two admins acting on owners at
 * once cannot both pass the last-owner guard; then the member's row, the guards, the state table's
 * decision and one guarded update (`… WHERE state = <from>`).
 */
export async function openMemberAction(unit: Unit, ctx: ActorContext<TeamActor>, userId: string, op: MemberOperation, newRole?: Role) {
  const organizationId = ctx.actor.organizationId;
  await unit.trx.selectFrom("organizations").select("id").where("id", "=", organizationId).forNoKeyUpdate().executeTakeFirst();
  const target = await lockMember(unit.trx, organizationId, userId);
  if (!target) throw new DomainError("not_found", "No such member in this organization.");
  const actor = await guardActorOf(unit.trx, ctx.actor);
  const otherActiveOwners = target.role === "owner" ? await countOtherActiveOwners(unit.trx, organizationId, userId) : 0;
  enforce(guardMemberOperation(op, actor, { userId, role: target.role }, { otherActiveOwners, newRole }));
  // A member an identity provider manages changes state only through it (SCIM), until an owner unlinks them.
  if (op === "suspend" || op === "reactivate" || op === "delete") await assertNotScimManaged(unit.trx, ctx.actor, organizationId, userId);
  return target;
}

export function lockMember(db: Executor, organizationId: string, userId: string) {
  return db.selectFrom("memberships").selectAll().where("organization_id", "=", organizationId).where("user_id", "=", userId).forUpdate().executeTakeFirst();
}

async function countOtherActiveOwners(db: Executor, organizationId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("role", "=", "owner")
    .where("state", "=", "active")
    .where("user_id", "<>", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const target = (userId: string) => ({ type: "user", id: userId });

/** Suspends a member: at once they cannot act; at `deauthorizeAt` their sessions and keys stop. Idempotent. */
export async function suspendMember(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  userId: string,
  input: { deauthorizeAfter?: number | undefined },
  opts: ChangeOptions = {},
): Promise<MemberView> {
  return change(deps, ctx, opts, async (unit) => {
    const m = await openMemberAction(unit, ctx, userId, "suspend");
    const d = decide("suspend", { state: m.state, suspendedFrom: m.suspended_from });
    if (d.kind === "refuse") enforce(d);
    if (d.kind === "move") {
      const deauthorizeAt = deauthorizeAtFor(unit.now, input.deauthorizeAfter);
      await guardedUpdate(unit.trx, m, d.from, {
        state: "suspended",
        suspended_at: unit.now,
        deauthorize_at: deauthorizeAt,
        suspended_from: d.from,
      });
      await unit.audit("member.suspended", target(userId), { from: d.from, deauthorizeAt: deauthorizeAt.toISOString() });
      unit.invalidate({ owners: [{ organizationId: m.organization_id, userId }] });
    }
    return getMember(unit.trx, m.organization_id, userId);
  });
}

/** Everything works again (keys revoked meanwhile stay revoked). Idempotent. */
export async function reactivateMember(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string, opts: ChangeOptions = {}): Promise<MemberView> {
  return change(deps, ctx, opts, async (unit) => {
    const m = await openMemberAction(unit, ctx, userId, "reactivate");
    const d = decide("reactivate", { state: m.state, suspendedFrom: m.suspended_from });
    if (d.kind === "refuse") enforce(d);
    if (d.kind === "move") {
      await guardedUpdate(unit.trx, m, d.from, { state: d.to, suspended_at: null, deauthorize_at: null, suspended_from: null });
      await unit.audit("member.reactivated", target(userId), { to: d.to });
      unit.invalidate({ owners: [{ organizationId: m.organization_id, userId }] });
    }
    return getMember(unit.trx, m.organization_id, userId);
  });
}

/** Confirms a member awaiting confirmation. Confirming an active member changes nothing. */
export async function confirmMember(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string): Promise<MemberView> {
  return change(deps, ctx, {}, async (unit) => {
    const m = await openMemberAction(unit, ctx, userId, "confirm");
    await applyConfirm(unit, m);
    return getMember(unit.trx, m.organization_id, userId);
  });
}

async function applyConfirm(unit: Unit, m: Membership): Promise<"confirmed" | "unchanged"> {
  const d = decide("confirm", { state: m.state, suspendedFrom: m.suspended_from });
  if (d.kind === "refuse") enforce(d);
  if (d.kind !== "move") return "unchanged";
  await guardedUpdate(unit.trx, m, d.from, { state: d.to, confirmed_at: unit.now });
  await unit.audit("member.confirmed", target(m.user_id));
  return "confirmed";
}

export type ConfirmResult =
  | { userId: string; outcome: "confirmed" | "unchanged" }
  | { userId: string; outcome: "refused"; code: string; detail: string };

/** Upper bound of one "confirm all" call; the answer says when more remain. */
export const CONFIRM_ALL_LIMIT = 500;

/**
 * Confirms many at once, one result per person: a refusal for one (not a member, not awaiting
 * confirmation, an owner for a non-owner) does not stop the others. `all`: everyone awaiting confirmation.
 */
export async function confirmMembers(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  input: { userIds: string[] } | { all: true },
): Promise<{ results: ConfirmResult[]; remaining: boolean }> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    await unit.trx.selectFrom("organizations").select("id").where("id", "=", organizationId).forNoKeyUpdate().executeTakeFirst();
    const actor = await guardActorOf(unit.trx, ctx.actor);
    enforce(guardMemberOperation("confirm", actor, { userId: "", role: "member" }, { otherActiveOwners: 0 }));
    let userIds: string[];
    let remaining = false;
    if ("all" in input) {
      const rows = await unit.trx
        .selectFrom("memberships")
        .select("user_id")
        .where("organization_id", "=", organizationId)
        .where("state", "=", "awaiting_confirmation")
        .orderBy("created_at")
        .limit(CONFIRM_ALL_LIMIT + 1)
        .execute();
      remaining = rows.length > CONFIRM_ALL_LIMIT;
      userIds = rows.slice(0, CONFIRM_ALL_LIMIT).map((r) => r.user_id);
    } else {
      userIds = [...new Set(input.userIds)];
    }
    const results: ConfirmResult[] = [];
    for (const userId of userIds) {
      const m = await lockMember(unit.trx, organizationId, userId);
      try {
        if (!m) throw new DomainError("not_found", "No such member in this organization.");
        enforce(guardMemberOperation("confirm", actor, { userId, role: m.role }, { otherActiveOwners: 1 }));
        results.push({ userId, outcome: await applyConfirm(unit, m) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({ userId, outcome: "refused", code: err.code, detail: err.detail ?? err.message });
      }
    }
    return { results, remaining };
  });
}

/** Changes a member's role; a raise of privilege is marked in the audit event for the alerts. */
export async function changeMemberRole(deps: AppDeps, ctx: ActorContext<TeamActor>, userId: string, role: Role): Promise<MemberView> {
  return change(deps, ctx, {}, async (unit) => {
    const m = await openMemberAction(unit, ctx, userId, "change_role", role);
    if (m.role !== role) {
      const updated = await unit.trx
        .updateTable("memberships")
        .set({ role })
        .where("organization_id", "=", m.organization_id)
        .where("user_id", "=", userId)
        .where("role", "=", m.role)
        .returning("user_id")
        .executeTakeFirst();
      if (!updated) throw new DomainError("not_found", "No such member in this organization.");
      const policy = await getPolicy(unit.trx, m.organization_id);
      const raise = isPrivilegeRaise(rolePermissions(m.role, policy), rolePermissions(role, policy)) || role === "owner";
      await unit.audit("member.role_changed", target(userId), { from: m.role, to: role, ...(raise ? { privilegeRaise: true } : {}) });
    }
    return getMember(unit.trx, m.organization_id, userId);
  });
}

/**
 * Deletes a suspended member from this organization only. Their projects here (with agents and keys)
 * move to `transferProjectsTo`, an active member, or are deleted with their keys. A placeholder's
 * pending provision is cancelled with everything it created (its project cannot be transferred: the
 * link would hand it to whoever claims it). Nothing outside this organization changes.
 */
export async function deleteMember(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  userId: string,
  input: { transferProjectsTo?: string | undefined },
  opts: ChangeOptions = {},
): Promise<{ userId: string; projectsTransferred: string[]; projectsDeleted: string[] }> {
  return change(deps, ctx, opts, async (unit) => {
    const organizationId = ctx.actor.organizationId;
    // A pending provision (or a SCIM invitee's invitation) is locked before the membership, in the order
    // a claim (or an acceptance) takes them.
    const provision = await lockPendingProvision(unit.trx, organizationId, userId);
    const invitation = await lockInviteeInvitation(unit.trx, organizationId, userId);
    const m = await openMemberAction(unit, ctx, userId, "delete");
    const d = decide("delete", { state: m.state, suspendedFrom: m.suspended_from });
    if (d.kind === "refuse") enforce(d);
    const to = input.transferProjectsTo;
    if (to !== undefined) {
      if (to === userId) throw new DomainError("transfer_target_invalid", "Projects cannot be transferred to the member being deleted.");
      if (provision) {
        throw new DomainError("transfer_target_invalid", "A pending provision's project cannot be transferred; delete without transferProjectsTo.");
      }
      const recipient = await unit.trx
        .selectFrom("memberships")
        .select("state")
        .where("organization_id", "=", organizationId)
        .where("user_id", "=", to)
        .forShare()
        .executeTakeFirst();
      if (!recipient || recipient.state !== "active") {
        throw new DomainError("transfer_target_invalid", "transferProjectsTo must name an active member of this organization.");
      }
    }
    const { transferred, deleted, projectIds } = await removeMembership(unit.trx, unit.now, organizationId, userId, { provision, transferTo: to });
    if (provision) await unit.audit("provision.cancelled", { type: "provision", id: provision.id }, { reason: "member_deleted" });
    if (invitation && (await revokeInviteeInvitation(unit.trx, invitation.id, unit.now))) {
      await unit.audit("invitation.revoked", { type: "invitation", id: invitation.id }, { reason: "member_deleted" });
    }
    await unit.audit("member.deleted", target(userId), {
      role: m.role,
      projectsTransferredTo: to ?? null,
      projectsTransferred: transferred.length,
      projectsDeleted: deleted.length,
    });
    unit.invalidate({ owners: [{ organizationId, userId }], projects: projectIds });
    return { userId, projectsTransferred: transferred, projectsDeleted: deleted };
  });
}

/** A placeholder's pending provision, locked: callers take it before the membership, as a claim does. */
export async function lockPendingProvision(db: Executor, organizationId: string, userId: string) {
  return db
    .selectFrom("provisions")
    .select(["id", "project_id", "user_id"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("status", "=", "pending")
    .forUpdate()
    .executeTakeFirst();
}

/**
 * What deleting a (suspended, locked) membership removes: a placeholder's pending provision is
 * cancelled with what it created; the member's projects here move to `transferTo` or are deleted with
 * their agents and keys; the membership goes, and a placeholder account with it. Used by the API and
 * by the sweeper's automatic deletion.
 */
export async function removeMembership(
  db: Executor,
  now: Date,
  organizationId: string,
  userId: string,
  opts: { provision: { id: string; project_id: string; user_id: string } | undefined; transferTo?: string | undefined },
) {
  const projects = await db
    .selectFrom("projects")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("owner_user_id", "=", userId)
    .forUpdate()
    .execute();
  const projectIds = projects.map((p) => p.id);
  let transferred: string[] = [];
  let deleted: string[] = [];
  if (opts.provision) {
    await db
      .updateTable("provisions")
      .set({ status: "cancelled", cancelled_at: now, resources_deleted_at: now, updated_at: now })
      .where("id", "=", opts.provision.id)
      .where("status", "=", "pending")
      .execute();
    await deleteProvisionResources(db, opts.provision);
  }
  if (projectIds.length && opts.transferTo !== undefined) {
    await db.updateTable("projects").set({ owner_user_id: opts.transferTo, updated_at: now }).where("id", "in", projectIds).execute();
    transferred = projectIds;
  } else if (projectIds.length) {
    await db.deleteFrom("api_keys").where("project_id", "in", projectIds).execute();
    await db.deleteFrom("agents").where("project_id", "in", projectIds).execute();
    await db.deleteFrom("projects").where("id", "in", projectIds).execute();
    deleted = projectIds;
  }
  await db
    .deleteFrom("memberships")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("state", "=", "suspended")
    .execute();
  // A placeholder exists only for its organization: it goes too (a real account is global and stays).
  await db.deleteFrom("users").where("id", "=", userId).where("status", "=", "placeholder").execute();
  return { transferred, deleted, projectIds };
}

/** The guarded update every transition ends in: it applies only to the state the decision was made on. */
export async function guardedUpdate(db: Executor, m: Membership, from: Membership["state"], set: Updateable<MembershipsTable>) {
  const row = await db
    .updateTable("memberships")
    .set(set)
    .where("organization_id", "=", m.organization_id)
    .where("user_id", "=", m.user_id)
    .where("state", "=", from)
    .returning("state")
    .executeTakeFirst();
  // Under the row lock this cannot miss; if it ever does, nothing was applied and the caller may retry.
  if (!row) throw new DomainError("member_not_active", "The member changed meanwhile; try again.");
}
