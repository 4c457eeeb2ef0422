import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import { decide } from "../../domain/membership-states.js";
import { inviteeInvitationId, inviteeUserId } from "../../domain/scim/invitee.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { createInvitation } from "../invitations/invitations.js";
import type { Unit } from "../unit-of-work.js";

/** How long the invitation SCIM mails lasts: as long as one made on the dashboard by default. */
export const INVITEE_INVITATION_SECONDS = 7 * 24 * 3600;

/**
 * SCIM creates a person with no account while the organization chose invitations: a placeholder
 * member (pending) that the identity provider reads and writes like anyone else, and an invitation to
 * the address, mailed through the outbox. Nothing else (no project, no key): the person joins through
 * the invitation, and the placeholder becomes them (see acceptInvitation).
 */
export async function inviteNewPerson(deps: AppDeps, ctx: ActorContext<TeamActor>, unit: Unit, who: { email: string; name: string | null }): Promise<string> {
  const invitationId = newId("invitation");
  const userId = inviteeUserId(invitationId);
  const organizationId = ctx.actor.organizationId;
  await unit.trx
    .insertInto("users")
    .values({ id: userId, status: "placeholder", name: who.name, email: who.email, created_at: unit.now, updated_at: unit.now })
    .execute();
  await unit.trx.insertInto("memberships").values({ organization_id: organizationId, user_id: userId, role: "member", state: "pending", created_at: unit.now }).execute();
  await createInvitation(deps, ctx, { id: invitationId, role: "member", email: who.email, expiresIn: INVITEE_INVITATION_SECONDS }, { within: unit });
  return userId;
}

/**
 * The SCIM invitee behind an invitation being accepted, locked (after the invitation, the order every
 * path takes: invitation, then membership). A suspended one (the identity provider deactivated them)
 * cannot join; undefined for an invitation SCIM did not make.
 */
export async function lockInvitee(db: Executor, invitation: { id: string; organization_id: string }): Promise<{ userId: string } | undefined> {
  const userId = inviteeUserId(invitation.id);
  const m = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.state", "m.suspended_from"])
    .where("m.organization_id", "=", invitation.organization_id)
    .where("m.user_id", "=", userId)
    .where("u.status", "=", "placeholder")
    .forUpdate("m")
    .executeTakeFirst();
  if (!m) return undefined;
  const d = decide("join", { state: m.state, suspendedFrom: m.suspended_from });
  if (d.kind === "refuse") throw new DomainError("invitation_revoked", "Your identity provider deactivated this invitation; ask an admin.");
  return { userId };
}

/**
 * An invitee accepted with an account that already existed: what the identity provider wrote (its
 * profile, unless the account is already linked here) and the groups it put them in move to that
 * account; the placeholder goes. Returns whether a group granting permissions came with it.
 */
export async function absorbInvitee(db: Executor, organizationId: string, placeholderId: string, userId: string, now: Date): Promise<{ groupRaise: boolean }> {
  const linked = await db.selectFrom("scim_users").select("user_id").where("organization_id", "=", organizationId).where("user_id", "=", userId).executeTakeFirst();
  const profile = await db
    .deleteFrom("scim_users")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", placeholderId)
    .returningAll()
    .executeTakeFirst();
  if (profile && !linked) await db.insertInto("scim_users").values({ ...profile, attributes: JSON.stringify(profile.attributes), user_id: userId, updated_at: now }).execute();
  const moved = await db
    .insertInto("group_members")
    .columns(["organization_id", "group_id", "user_id", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("group_members")
        .select([eb.val(organizationId).as("organization_id"), "group_id", eb.val(userId).as("user_id"), eb.val(now).as("created_at")])
        .where("organization_id", "=", organizationId)
        .where("user_id", "=", placeholderId),
    )
    .onConflict((oc) => oc.doNothing())
    .returning("group_id")
    .execute();
  const granting = moved.length
    ? await db
        .selectFrom("groups")
        .select("id")
        .where("id", "in", moved.map((g) => g.group_id))
        .where((eb) => eb(eb.fn("jsonb_array_length", ["permissions"]), ">", 0))
        .executeTakeFirst()
    : undefined;
  await db.deleteFrom("memberships").where("organization_id", "=", organizationId).where("user_id", "=", placeholderId).execute();
  await db.deleteFrom("users").where("id", "=", placeholderId).where("status", "=", "placeholder").execute();
  return { groupRaise: granting !== undefined };
}

/** The pending invitation of a SCIM invitee, locked before their membership (the order acceptance takes). */
export async function lockInviteeInvitation(db: Executor, organizationId: string, userId: string): Promise<{ id: string } | undefined> {
  return db
    .selectFrom("invitations")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "=", inviteeInvitationId(userId))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
}

/** Deleting a SCIM invitee revokes their invitation: the link stops working. Returns whether it did. */
export async function revokeInviteeInvitation(db: Executor, invitationId: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable("invitations")
    .set({ revoked_at: now })
    .where("id", "=", invitationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}
