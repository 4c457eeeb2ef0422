/**
 * The closed catalogue of audit event types: every `action` the audit trail (and so the webhooks) can
 * carry, with what it means. `unit.audit` only takes these names (a type, so a typo fails to compile),
 * test/unit/audit-catalogue.test.ts checks every name the code writes is here, and the README lists
 * them from this file. A new event is one line here. Metadata never holds a secret: ids, roles, counts.
 */
export const AUDIT_CATALOGUE = {
  "organization.created": "An organization was created (by the bootstrap or by a person, who becomes its owner).",
  "organization.renamed": "The organization's name changed (`from`, `to`).",
  "organization.owner_setup_link_issued": "An owner setup link was issued for the first owner.",
  "organization.owner_set": "A person became the organization's owner through an owner setup link.",

  "provision.created": "A provision created a placeholder user, project, default agent and API key.",
  "provision.claimed": "A person claimed a provision (`mode`: adopted or transferred into an existing account).",
  "provision.cancelled": "A provision was cancelled and what it created removed (`reason` when a deletion caused it).",
  "provision.expired": "The sweeper expired an unclaimed provision and removed what it created.",
  "provision.claim_link_regenerated": "A new claim link replaced the previous one.",
  "provision.cleanup_finished": "The sweeper finished an interrupted removal of a provision's resources.",

  "invitation.created": "An invitation to join the organization was created.",
  "invitation.accepted": "A person accepted an invitation and joined.",
  "invitation.revoked": "An invitation was revoked; its link no longer works.",
  "invitation.resent": "An invitation was sent again with a new link.",

  "member.confirmed": "A member awaiting confirmation was confirmed.",
  "member.role_changed": "A member's role changed (`from`, `to`).",
  "member.suspended": "A member was suspended (`deauthorizeAt`: when their sessions and keys stop).",
  "member.reactivated": "A suspended member was reactivated.",
  "member.deleted": "A member was deleted from the organization (`reason` when the sweeper did it).",
  "member.recovery_started": "An admin started a member's account recovery: their password stopped working and their sessions ended (`expiresAt` of the link, `mailed`, `resent` when a new link replaced an open one).",
  "member.recovery_accepted": "The member followed their recovery link and set a new password; two-step login was reset.",
  "member.recovery_completed": "An admin completed a member's account recovery: they can log in again.",
  "member.recovery_cancelled": "An admin cancelled a member's account recovery (`from`: the state it was in).",

  "group.created": "A group was created (`permissions` it grants).",
  "group.updated": "A group was renamed, described or given other permissions.",
  "group.deleted": "A group was deleted.",
  "group.member_added": "A member was put in a group.",
  "group.member_removed": "A member was taken out of a group.",

  "policy.updated": "The organization's policy changed (`changes`).",

  "two_step.enabled": "A member turned on two-step login for their account (recorded in each organization they belong to).",
  "two_step.disabled": "A member turned off two-step login for their account (recorded in each organization they belong to).",
  "two_step.recovery_code_used": "A member logged in with a two-step recovery code (`recoveryCodesLeft`; in each organization they belong to).",

  "project.renamed": "A project was renamed.",
  "agent.created": "An agent was created in a project.",
  "agent.updated": "An agent was renamed or re-identified.",
  "agent.deleted": "An agent was deleted (its keys revoked).",
  "api_key.created": "A project API key was created.",
  "api_key.rolled": "A project API key was rolled: a new key, the old one valid for a grace period.",
  "api_key.revoked": "A project API key was revoked.",

  "organization_api_key.created": "An organization API key was created (`scopes`, `expiresAt`, `createdBy`: the person bounding it; null: the server).",
  "organization_api_key.rolled": "An organization API key was rolled: a new key, the old one valid for a grace period.",
  "organization_api_key.revoked": "An organization API key was revoked; it no longer works.",
  "oauth_app.created": "An OAuth client (client credentials) was created (`scopes`); its secret is never recorded.",
  "oauth_app.disabled": "An OAuth client was disabled: its tokens stop at once and no new ones are issued.",
  "oauth_app.enabled": "A disabled OAuth client was enabled again (tokens revoked meanwhile stay revoked).",
  "oauth_app.deleted": "An OAuth client was deleted with its tokens.",
  "oauth_token.issued": "An OAuth client obtained an access token (`scopes`, `expiresAt`).",
  "oauth_token.revoked": "An OAuth access token was revoked (RFC 7009).",

  "webhook.created": "A webhook endpoint was added (its secret is never recorded).",
  "webhook.updated": "A webhook endpoint's URL, events, description or state changed.",
  "webhook.deleted": "A webhook endpoint was deleted.",
  "webhook.secret_rotated": "A webhook endpoint's signing secret was rotated; the old one signs too until `previousSecretExpiresAt`.",
  "webhook.disabled": "A webhook endpoint was disabled by the server (`reason`: gone — it answered 410 — or failing for days).",
  "webhook.delivery_retried": "A person asked for a webhook delivery to be attempted again.",
  "webhook.tested": "A test event was sent to a webhook endpoint.",

  "scim_token.created": "A SCIM token was created for an identity provider (never the token itself).",
  "scim_token.revoked": "A SCIM token was revoked; the identity provider's next call is refused.",
  "scim.user_linked": "A member came under an identity provider's management (created through SCIM, or matched by it).",
  "scim.user_updated": "An identity provider changed a member's SCIM profile (`changed`: the attribute names).",
  "scim.user_unlinked": "An owner took a member out of the identity provider's management.",

  "alert.access_changed": "Someone gained access: a raise of privilege (`cause`: the event that raised it, `userId`, `gained`).",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_CATALOGUE;

export const AUDIT_ACTIONS = Object.keys(AUDIT_CATALOGUE) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_CATALOGUE, value);
}

/** What a webhook endpoint may subscribe to: an event type, a whole family (`member.*`) or everything (`*`). */
export function matchesSubscription(action: string, subscriptions: readonly string[]): boolean {
  return subscriptions.some((s) => s === "*" || s === action || (s.endsWith(".*") && action.startsWith(s.slice(0, -1))));
}

/** Whether a subscription names something the catalogue has (an exact type, a family of it, or `*`). */
export function isSubscription(value: string): boolean {
  if (value === "*") return true;
  if (value.endsWith(".*")) return AUDIT_ACTIONS.some((a) => a.startsWith(value.slice(0, -1)));
  return isAuditAction(value);
}
