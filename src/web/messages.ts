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
  rate_limited: "Too many attempts",
  team_role_required: "Owners and admins only",
  not_found: "Not found",
  provision_not_pending: "That cannot be done any more",
  key_revoked: "That key no longer works",
  csrf_failed: "Please try again",
  cross_origin_refused: "Request refused",
};
