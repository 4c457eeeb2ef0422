import type { Selectable } from "kysely";
import type { InvitationsTable } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { latestDeliveries, type MailDelivery } from "../mail/delivery-view.js";
import { mailInvitation } from "../mail/notices.js";
import { paginate, type PageParams } from "../pagination.js";
import { change } from "../unit-of-work.js";
import { createInvitation, type NewInvitation } from "./invitations.js";

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";
export const INVITATION_STATES = ["pending", "accepted", "revoked", "expired"] as const;

/** The API's view of an invitation (never its link): times in ISO 8601, as an idempotent replay stores them. */
export type InvitationView = {
  id: string;
  role: "admin" | "member";
  email: string | null;
  state: InvitationState;
  expiresAt: string;
  createdAt: string;
  sentAt: string;
  resendCount: number;
  acceptedAt: string | null;
  acceptedByUserId: string | null;
  revokedAt: string | null;
  /** The invitation's latest mail, when it was mailed. */
  delivery: MailDelivery | null;
};

type Row = Selectable<InvitationsTable>;

/** What an invitation is now: a pending one past its expiry is expired, whatever any job has done. */
export function invitationState(inv: Pick<Row, "accepted_at" | "revoked_at" | "expires_at">, now: Date): InvitationState {
  if (inv.accepted_at) return "accepted";
  if (inv.revoked_at) return "revoked";
  return inv.expires_at.getTime() <= now.getTime() ? "expired" : "pending";
}

export function toInvitationView(inv: Row, now: Date, delivery: MailDelivery | null = null): InvitationView {
  return {
    id: inv.id,
    role: inv.role,
    email: inv.email,
    state: invitationState(inv, now),
    expiresAt: inv.expires_at.toISOString(),
    createdAt: inv.created_at.toISOString(),
    sentAt: (inv.sent_at ?? inv.created_at).toISOString(),
    resendCount: inv.resend_count,
    acceptedAt: inv.accepted_at?.toISOString() ?? null,
    acceptedByUserId: inv.accepted_by_user_id,
    revokedAt: inv.revoked_at?.toISOString() ?? null,
    delivery,
  };
}

/** Invitations with their latest mail (one query for the lot). */
async function viewInvitations(db: Executor, rows: Row[], now: Date): Promise<InvitationView[]> {
  const deliveries = await latestDeliveries(db, "invitation", rows.map((r) => r.id));
  return rows.map((r) => toInvitationView(r, now, deliveries.get(r.id) ?? null));
}

const viewInvitation = async (db: Executor, row: Row, now: Date) => (await viewInvitations(db, [row], now))[0]!;

/** Newest first; `state` filters on the effective state. */
export async function listInvitations(deps: AppDeps, organizationId: string, params: PageParams & { state?: InvitationState | undefined }) {
  const now = deps.clock.now();
  let query = deps.db.selectFrom("invitations").selectAll().where("organization_id", "=", organizationId);
  switch (params.state) {
    case "accepted":
      query = query.where("accepted_at", "is not", null);
      break;
    case "revoked":
      query = query.where("revoked_at", "is not", null).where("accepted_at", "is", null);
      break;
    case "pending":
      query = query.where("accepted_at", "is", null).where("revoked_at", "is", null).where("expires_at", ">", now);
      break;
    case "expired":
      query = query.where("accepted_at", "is", null).where("revoked_at", "is", null).where("expires_at", "<=", now);
      break;
  }
  const page = await paginate(query, params);
  return { data: await viewInvitations(deps.db, page.data, now), nextCursor: page.nextCursor };
}

async function findInvitation(db: Executor, organizationId: string, id: string, forUpdate = false): Promise<Row> {
  let query = db.selectFrom("invitations").selectAll().where("organization_id", "=", organizationId).where("id", "=", id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such invitation in this organization.");
  return row;
}

export async function getInvitation(deps: AppDeps, organizationId: string, id: string): Promise<InvitationView> {
  return viewInvitation(deps.db, await findInvitation(deps.db, organizationId, id), deps.clock.now());
}

/**
 * Creates an invitation honouring an Idempotency-Key: a retry after a lost answer gets the same
 * invitation and link (the stored answer is sealed, like a provision's), never a second invitation.
 */
export async function inviteOnce(deps: AppDeps, ctx: ActorContext<TeamActor>, input: NewInvitation, idempotencyKey: string | undefined) {
  const idempotency = { key: idempotencyKey, operation: "invitations.create", input };
  return change<InvitationView & { url: string }>(deps, ctx, { idempotency }, async (unit) => {
    const created = await createInvitation(deps, ctx, input, { within: unit });
    const row = await findInvitation(unit.trx, ctx.actor.organizationId, created.id);
    return { status: 201, body: { ...(await viewInvitation(unit.trx, row, unit.now)), url: created.url } };
  });
}

/** Revokes an invitation: its link stops working at once. Revoking a revoked one changes nothing; an accepted one is a 409. */
export async function revokeInvitation(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<InvitationView> {
  return change(deps, ctx, {}, async (unit) => {
    const inv = await findInvitation(unit.trx, ctx.actor.organizationId, id, true);
    if (inv.accepted_at) throw new DomainError("invitation_used", "The invitation was accepted already; suspend or delete the member instead.");
    if (inv.revoked_at) return viewInvitation(unit.trx, inv, unit.now);
    const row = await unit.trx
      .updateTable("invitations")
      .set({ revoked_at: unit.now })
      .where("id", "=", id)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit("invitation.revoked", { type: "invitation", id });
    return viewInvitation(unit.trx, row, unit.now);
  });
}

/**
 * Issues a new link for an invitation (pending or expired) with a fresh lifetime as long as the first:
 * the previous link stops working, since only the new token's hash is kept.
 */
export async function resendInvitation(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<InvitationView & { url: string }> {
  return change(deps, ctx, {}, async (unit) => {
    const inv = await findInvitation(unit.trx, ctx.actor.organizationId, id, true);
    if (inv.accepted_at) throw new DomainError("invitation_used", "The invitation was accepted already.");
    if (inv.revoked_at) throw new DomainError("invitation_revoked", "A revoked invitation stays revoked; create a new one.");
    const token = toBase64Url(randomBytes(32));
    const lifetime = inv.expires_at.getTime() - (inv.sent_at ?? inv.created_at).getTime();
    const row = await unit.trx
      .updateTable("invitations")
      .set({
        token_hash: sha256Hex(token),
        sent_at: unit.now,
        expires_at: new Date(unit.now.getTime() + lifetime),
        resend_count: (eb) => eb("resend_count", "+", 1),
      })
      .where("id", "=", id)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit("invitation.resent", { type: "invitation", id }, { resendCount: row.resend_count });
    const url = `${deps.config.publicUrl}/invite/${token}`;
    // A resend is what an admin does when the first message went astray: the new link is mailed too.
    if (row.email) {
      await mailInvitation(deps, unit, { organizationId: row.organization_id, invitationId: id, email: row.email, role: row.role, url, expiresAt: row.expires_at });
    }
    return { ...(await viewInvitation(unit.trx, row, unit.now)), url };
  });
}
