import type { Role } from "../../../db/schema.js";
import { normalizeEmail } from "../../domain/claim-rules.js";
import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import { newId } from "../../domain/ids.js";
import type { AppDeps } from "../../deps.js";
import { ApiError } from "../../http/errors.js";
import { actorOf, type TeamActor } from "../../http/principal.js";
import { createAccount, type NewAccount } from "../accounts/accounts.js";
import { mergeMembership } from "../accounts/memberships.js";
import { recordAudit } from "../audit.js";
import type { Executor } from "../db-types.js";

export type NewInvitation = { role: "admin" | "member"; email?: string | undefined; expiresIn: number };

/** An invitation link (shown once; only its hash is stored) that makes its visitor a member. */
export async function createInvitation(deps: AppDeps, actor: TeamActor, input: NewInvitation, requestId: string | null) {
  const now = deps.clock.now();
  const token = toBase64Url(randomBytes(32));
  const id = newId("invitation");
  const expiresAt = new Date(now.getTime() + input.expiresIn * 1000);
  const actorRef = actorOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("invitations")
      .values({
        id,
        organization_id: actor.organizationId,
        role: input.role,
        email: input.email ? normalizeEmail(input.email) : null,
        token_hash: sha256Hex(token),
        expires_at: expiresAt,
        created_by_type: actorRef.type,
        created_by_id: actorRef.id,
        created_at: now,
        sent_at: now,
      })
      .execute();
    await recordAudit(trx, {
      organizationId: actor.organizationId,
      actor: actorRef,
      action: "invitation.created",
      target: { type: "invitation", id },
      requestId,
      metadata: { role: input.role },
      at: now,
    });
  });
  return { id, role: input.role, email: input.email ?? null, expiresAt, url: `${deps.config.publicUrl}/invite/${token}` };
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
  if (!inv) throw new ApiError("invitation_invalid", "Check that the whole link was copied, or ask for a new invitation.");
  if (inv.accepted_at) throw new ApiError("invitation_used", "Invitations are single-use. Log in to reach the organization.");
  if (inv.revoked_at) throw new ApiError("invitation_revoked", "An admin revoked this invitation; ask for a new one.");
  if (inv.expires_at.getTime() <= deps.clock.now().getTime()) throw new ApiError("invitation_expired", "Ask an admin for a new invitation.");
  if (who && inv.email && normalizeEmail(who.email) !== inv.email) {
    throw new ApiError("invitation_email_mismatch", "Log in with the invited address, or ask an admin.");
  }
  return inv;
}

/**
 * Accepts an invitation once, whatever the concurrency (row lock + guarded update): the person joins
 * the organization, or keeps the more permissive role they already hold there.
 */
export async function acceptInvitation(
  deps: AppDeps,
  token: string,
  who: { kind: "new"; account: NewAccount } | { kind: "existing"; userId: string; email: string },
  requestId: string | null,
): Promise<{ userId: string; organizationId: string; role: Role }> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const email = who.kind === "new" ? who.account.email : who.email;
    const inv = await readInvitation(deps, trx, token, { email }, true);
    const userId = who.kind === "new" ? (await createAccount(deps, trx, who.account)).id : who.userId;
    const role = await mergeMembership(trx, inv.organization_id, userId, inv.role, now);
    const accepted = await trx
      .updateTable("invitations")
      .set({ accepted_at: now, accepted_by_user_id: userId })
      .where("id", "=", inv.id)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!accepted) throw new ApiError("invitation_used");
    await recordAudit(trx, {
      organizationId: inv.organization_id,
      actor: { type: "user", id: userId },
      action: "invitation.accepted",
      target: { type: "invitation", id: inv.id },
      requestId,
      metadata: { role },
      at: now,
    });
    return { userId, organizationId: inv.organization_id, role };
  });
}
