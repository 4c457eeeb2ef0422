import { person } from "../../domain/actors.js";
import type { AuditAction } from "../../domain/audit-catalogue.js";
import type { Unit } from "../unit-of-work.js";

/**
 * An event about a person's account itself (two-step login turned on or off, a recovery code spent):
 * the account is global, but the audit trail is each organization's, so the event is written once in
 * every organization the person belongs to, in the same transaction as the change. Each organization
 * sees it on its Activity page and its webhooks, and none learns of the others (the metadata names no
 * organization). The person is the actor: only they change their own account (a recovery link, a code
 * typed at login before any session exists). A person in no organization leaves no event.
 */
export async function auditAccountEvent(unit: Unit, userId: string, action: AuditAction, metadata?: Record<string, unknown>): Promise<void> {
  const memberships = await unit.trx
    .selectFrom("memberships")
    .select("organization_id")
    .where("user_id", "=", userId)
    .where("state", "!=", "pending")
    .orderBy("organization_id")
    .execute();
  for (const m of memberships) await unit.audit(action, { type: "user", id: userId }, metadata, { organizationId: m.organization_id, actor: person(userId) });
}
