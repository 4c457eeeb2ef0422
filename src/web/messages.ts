import type { ErrorCode } from "../domain/errors.js";

/** Page titles for the refusals a person can meet on a link (the detail comes from the error). */
export const refusalTitles: Partial<Record<ErrorCode, string>> = {
  claim_link_invalid: "This link does not work",
  claim_link_expired: "This link has expired",
  claim_link_superseded: "This link was replaced",
  claim_already_used: "This account was already claimed",
  claim_link_cancelled: "This account was cancelled",
  claim_email_mismatch: "This link is for someone else",
  setup_link_invalid: "This link does not work",
  setup_link_used: "This organization already has an owner",
  setup_link_expired: "This setup link has expired",
  invitation_invalid: "This link does not work",
  invitation_used: "This invitation was already accepted",
  invitation_expired: "This invitation has expired",
  invitation_email_mismatch: "This invitation is for someone else",
  email_not_verified: "Verify your email address first",
  verification_link_invalid: "This verification link is not valid",
  verification_link_expired: "This verification link has expired",
  rate_limited: "Too many attempts",
  team_role_required: "Owners and admins only",
  permission_required: "You do not have permission for this",
  member_suspended: "Your membership is suspended",
  member_awaiting_confirmation: "Your membership awaits confirmation",
  membership_inactive: "Your membership cannot act here now",
  two_step_required: "Turn on two-step login to continue",
  self_service_disabled: "Creating organizations is turned off",
  validation_failed: "Please check the form",
  not_found: "Not found",
  provision_not_pending: "That cannot be done any more",
  key_revoked: "That key no longer works",
  csrf_failed: "Please try again",
  cross_origin_refused: "Request refused",
};

/** What the person who met a refusal can do about it, shown under the reason. */
export const refusalAdvice: Partial<Record<ErrorCode, string>> = {
  permission_required: "Ask an owner or admin of the organization to give you this permission (a group grants it).",
  member_suspended:
    "An admin of this organization suspended your membership: you cannot act in it, and your keys and sessions there stop working. Ask an owner or admin to reactivate you. Your account and other organizations are not affected.",
  member_awaiting_confirmation:
    "You have joined; an owner or admin of this organization has yet to confirm you. Until then you cannot act in it. Ask them to confirm you — nothing else is needed from you.",
  membership_inactive: "Ask an owner or admin of this organization what is happening with your membership.",
  two_step_required:
    "Two-step login asks for a code from an authenticator app on your phone after your password. It takes a minute: scan a QR code, enter the code it shows, keep your recovery codes.",
  self_service_disabled: "Ask an operator, or an organization's owner or admin, for an invitation.",
};
