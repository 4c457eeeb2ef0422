import type { Role } from "../../../db/schema.js";
import { normalizeEmail } from "../../domain/claim-rules.js";
import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import { newId } from "../../domain/ids.js";
import { actorRef, person, type ActorContext, type TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { createAccount, type NewAccount } from "../accounts/accounts.js";
import { isRoleRaise } from "../../domain/roles.js";
import { joinAsClaimant, mergeMembership } from "../accounts/memberships.js";
import { absorbInvitee, lockInvitee } from "../scim/invitees.js";
import type { Executor } from "../db-types.js";
import { proofHolds, requireProvenAddress } from "../accounts/email-verification.js";
import { mailInvitation } from "../mail/notices.js";
import { change, type ChangeOptions } from "../unit-of-work.js";

export type NewInvitation = { role: "admin" | "member"; email?: string | undefined; expiresIn: number };

/**
 * An invitation link (shown once; only its hash is stored) that makes its visitor a member. `id` is
 * chosen only by SCIM, whose invitee placeholder shares the invitation's id (see domain/scim/invitee.ts).
 */
export async function createInvitation(deps: AppDeps, ctx: ActorContext<TeamActor>, input: NewInvitation & { id?: string }, opts: ChangeOptions = {}) {
  const token = toBase64Url(randomBytes(32));
  const id = input.id ?? newId("invitation");
  const createdBy = actorRef(ctx.actor);
  const url = `${deps.config.publicUrl}/invite/${token}`;
  const expiresAt = await change(deps, ctx, opts, async (unit) => {
    const { trx, now, audit } = unit;
    const expiresAt = new Date(now.getTime() + input.expiresIn * 1000);
    await trx
      .insertInto("invitations")
      .values({
        id,
        organization_id: ctx.actor.organizationId,
        role: input.role,
        email: input.email ? normalizeEmail(input.email) : null,
        token_hash: sha256Hex(token),
        expires_at: expiresAt,
        created_by_type: createdBy.type,
        created_by_id: createdBy.id!,
        created_at: now,
        sent_at: now,
      })
      .execute();
    await audit("invitation.created", { type: "invitation", id }, { role: input.role });
    if (input.email) {
      const organizationId = ctx.actor.organizationId;
      await mailInvitation(deps, unit, { organizationId, invitationId: id, email: normalizeEmail(input.email), role: input.role, url, expiresAt });
    }
    return expiresAt;
  });
  return { id, role: input.role, email: input.email ?? null, expiresAt, url };
}

/** The invitation behind a link, or the reason it cannot be used (for this person, when one is given). */
export async function readInvitation(deps: AppDeps, db: Executor, token: string, who?: { email: string }, forUpdate = false) {
  let query = db
    .selectFrom("invitations as i")
    .innerJoin("organizations as o", "o.id", "i.organization_id")
    .selectAll("i")
    .select("o.name as organization_name")
    .where("i.token_hash", "=", sha256Hex(token));
  if (forUpdate) query = query.forUpdate("i");
  const inv = await query.executeTakeFirst();
  if (!inv) throw new DomainError("invitation_invalid", "Check that the whole link was copied, or ask for a new invitation.");
  if (inv.accepted_at) throw new DomainError("invitation_used", "Invitations are single-use. Log in to reach the organization.");
  if (inv.revoked_at) throw new DomainError("invitation_revoked", "An admin revoked this invitation; ask for a new one.");
  if (inv.expires_at.getTime() <= deps.clock.now().getTime()) throw new DomainError("invitation_expired", "Ask an admin for a new invitation.");
  if (who && inv.email && normalizeEmail(who.email) !== inv.email) {
    throw new DomainError("invitation_email_mismatch", "Log in with the invited address, or ask an admin.");
  }
  return inv;
}

/** What the invitation page shows, or why the link cannot be used (by this person, when logged in). */
export async function invitationPage(deps: AppDeps, token: string, who?: { email: string }) {
  const inv = await readInvitation(deps, deps.db, token, who);
  return { organizationName: inv.organization_name, role: inv.role, email: inv.email };
}

/**
 * Accepts an invitation once, whatever the concurrency (row lock + guarded update): the person joins
 * the organization, or keeps the more permissive role they already hold there.
 */
export async function acceptInvitation(
  deps: AppDeps,
  ctx: ActorContext,
  token: string,
  who: { kind: "new"; account: NewAccount } | { kind: "existing"; userId: string; email: string },
  proof?: string,
): Promise<{ userId: string; organizationId: string; role: Role }> {
  return change(deps, ctx, {}, async (unit) => {
    const { trx, now, audit } = unit;
    const email = who.kind === "new" ? who.account.email : who.email;
    const inv = await readInvitation(deps, trx, token, { email }, true);
    // An identity provider's invitee: a placeholder that a new account becomes, or that an existing one absorbs.
    const invitee = await lockInvitee(trx, inv);
    const bound = inv.email ? { purpose: "invitation" as const, id: inv.id, email: inv.email, proof } : null;
    const proven = bound ? await proofHolds(deps, bound) : false;
    const userId = who.kind === "new" ? (await createAccount(deps, unit, who.account, proven, invitee?.userId)).id : who.userId;
    // An invitation made out to an address goes to a verified address (or through the link mailed to it).
    if (bound) await requireProvenAddress(deps, trx, now, { userId, email }, bound);
    let { role, raised } = invitee && who.kind === "new" ? { role: inv.role, raised: isRoleRaise(null, inv.role) } : await mergeMembership(trx, inv.organization_id, userId, inv.role, now);
    if (invitee && who.kind === "new") await joinAsClaimant(trx, inv.organization_id, userId, now);
    if (invitee && who.kind === "existing") raised = (await absorbInvitee(trx, inv.organization_id, invitee.userId, userId, now)).groupRaise || raised;
    const accepted = await trx
      .updateTable("invitations")
      .set({ accepted_at: now, accepted_by_user_id: userId })
      .where("id", "=", inv.id)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!accepted) throw new DomainError("invitation_used");
    await audit(
      "invitation.accepted",
      { type: "invitation", id: inv.id },
      { role, userId, ...(raised ? { privilegeRaise: true } : {}) },
      { organizationId: inv.organization_id, actor: person(userId) },
    );
    return { userId, organizationId: inv.organization_id, role };
  });
}
