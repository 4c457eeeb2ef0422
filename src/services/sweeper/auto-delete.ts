import { sql } from "kysely";
import { removeMembership } from "../team/member-actions.js";
import { inviteeInvitationId } from "../../domain/scim/invitee.js";
import { revokeInviteeInvitation } from "../scim/invitees.js";
import { NOTHING, type BatchStep } from "./batch.js";

/**
 * Members suspended longer than their organization's `autoDeleteSuspendedAfterDays` are deleted with
 * their projects (and keys), as an admin deleting them without a transfer would. Locked with SKIP
 * LOCKED, so instances share the work and an admin acting on the same member at once is waited for by
 * nobody. A placeholder with a pending provision is left to that provision's expiry.
 */
export const autoDeleteSuspendedBatch: BatchStep = async (trx, { now, limit, audit }) => {
  const due = await trx
    .selectFrom("memberships as m")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .select(["m.organization_id", "m.user_id", "m.role", "m.suspended_at"])
    .where("m.state", "=", "suspended")
    .where("o.auto_delete_suspended_after_days", "is not", null)
    .where(sql<boolean>`m.suspended_at <= ${now}::timestamptz - make_interval(days => o.auto_delete_suspended_after_days)`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("provisions as p")
            .select("p.id")
            .whereRef("p.organization_id", "=", "m.organization_id")
            .whereRef("p.user_id", "=", "m.user_id")
            .where("p.status", "=", "pending"),
        ),
      ),
    )
    .orderBy("m.suspended_at")
    .limit(limit)
    .forUpdate("m")
    .skipLocked()
    .execute();
  if (due.length === 0) return NOTHING;
  const projectIds: string[] = [];
  for (const m of due) {
    const removed = await removeMembership(trx, now, m.organization_id, m.user_id, { provision: undefined });
    projectIds.push(...removed.projectIds);
    await audit(
      "member.deleted",
      { type: "user", id: m.user_id },
      { role: m.role, reason: "auto_delete_suspended", suspendedAt: m.suspended_at?.toISOString(), projectsDeleted: removed.deleted.length },
      { organizationId: m.organization_id },
    );
    // A SCIM invitee's invitation goes with them: the link must not bring them back.
    const invitationId = inviteeInvitationId(m.user_id);
    if (await revokeInviteeInvitation(trx, invitationId, now)) {
      await audit("invitation.revoked", { type: "invitation", id: invitationId }, { reason: "member_deleted" }, { organizationId: m.organization_id });
    }
  }
  return { count: due.length, projectIds };
};
