import { idPrefixes } from "../ids.js";

/**
 * A person an identity provider creates while the organization answers new addresses with an
 * invitation is a placeholder member (what SCIM shows and writes to until they join) plus an
 * invitation mailed to them. The two share the random part of their ids, so each finds the other
 * without a column: `inv_X` belongs to `usr_X`. Only a placeholder is ever read this way, and only
 * SCIM creates an invitation with a chosen id.
 */
export function inviteeUserId(invitationId: string): string {
  return `${idPrefixes.user}_${invitationId.slice(idPrefixes.invitation.length + 1)}`;
}

export function inviteeInvitationId(userId: string): string {
  return `${idPrefixes.invitation}_${userId.slice(idPrefixes.user.length + 1)}`;
}
