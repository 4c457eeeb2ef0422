/**
 * The closed list of error codes (HTTP status and title) and the one error type every layer throws.
 * A domain word, not an HTTP one: services, jobs and the CLI throw `DomainError`; `src/http/errors.ts`
 * renders it as application/problem+json, the pages as a page of its own. A new code is one line here.
 */
export const errorCodes = {
  validation_failed: { status: 400, title: "The request is not valid" },
  invalid_cursor: { status: 400, title: "The cursor is not valid" },
  invalid_json: { status: 400, title: "The body is not valid JSON" },
  missing_credentials: { status: 401, title: "Authentication is required" },
  invalid_api_key: { status: 401, title: "The API key is not valid" },
  api_key_revoked: { status: 401, title: "The API key has been revoked" },
  api_key_expired: { status: 401, title: "The API key has expired" },
  invalid_scim_token: { status: 401, title: "The SCIM token is not valid" },
  access_token_invalid: { status: 401, title: "The access token is not valid" },
  access_token_expired: { status: 401, title: "The access token has expired" },
  access_token_revoked: { status: 401, title: "The access token was revoked or its client disabled" },
  provision_expired: { status: 401, title: "The provision behind this key has expired" },
  provision_cancelled: { status: 401, title: "The provision behind this key was cancelled" },
  admin_key_required: { status: 403, title: "This operation needs an organization admin key" },
  project_key_required: { status: 403, title: "This operation needs a project API key" },
  insufficient_scope: { status: 403, title: "The API key lacks a scope this operation needs" },
  invalid_credentials: { status: 401, title: "The email or password is not right" },
  session_required: { status: 401, title: "Log in first" },
  csrf_failed: { status: 403, title: "The form expired or came from another site; reload the page and try again" },
  cross_origin_refused: { status: 403, title: "Cross-site requests are refused" },
  team_role_required: { status: 403, title: "Only owners and admins can do this" },
  permission_required: { status: 403, title: "This operation needs a team permission the caller lacks" },
  member_suspended: { status: 403, title: "The member is suspended in this organization" },
  member_awaiting_confirmation: { status: 403, title: "The member is awaiting confirmation by an admin" },
  membership_inactive: { status: 403, title: "The membership cannot act in this organization now" },
  owner_required: { status: 403, title: "Only owners act on owners" },
  cannot_act_on_self: { status: 403, title: "Nobody can do this to themselves" },
  self_service_disabled: { status: 403, title: "Creating organizations is turned off on this server" },
  claim_email_mismatch: { status: 403, title: "This claim link is for another email address" },
  two_step_invalid: { status: 401, title: "The two-step code is not right" },
  two_step_challenge_expired: { status: 401, title: "The login took too long; enter your password again" },
  two_step_required: { status: 403, title: "The organization requires two-step login" },
  two_step_unavailable: { status: 503, title: "Two-step login needs a sealing key on this server" },
  email_not_verified: { status: 403, title: "The account's email address is not verified yet" },
  verification_link_invalid: { status: 404, title: "This verification link is not valid" },
  verification_link_expired: { status: 410, title: "This verification link has expired" },
  not_found: { status: 404, title: "Not found" },
  claim_link_invalid: { status: 404, title: "This claim link is not valid" },
  setup_link_invalid: { status: 404, title: "This setup link is not valid" },
  invitation_invalid: { status: 404, title: "This invitation link is not valid" },
  invitation_used: { status: 409, title: "This invitation was already accepted" },
  invitation_expired: { status: 410, title: "This invitation has expired" },
  invitation_email_mismatch: { status: 403, title: "This invitation is for another email address" },
  claim_already_used: { status: 409, title: "This claim link was already used" },
  email_taken: { status: 409, title: "An account with this email already exists" },
  setup_link_used: { status: 410, title: "This setup link was already used" },
  setup_link_expired: { status: 410, title: "This setup link has expired" },
  claim_link_expired: { status: 410, title: "This claim link has expired" },
  claim_link_superseded: { status: 410, title: "A newer claim link was issued; this one no longer works" },
  claim_link_cancelled: { status: 410, title: "This provision was cancelled" },
  provision_not_pending: { status: 409, title: "The provision is no longer pending" },
  agent_identifier_taken: { status: 409, title: "The agent identifier is already used in this project" },
  default_agent_protected: { status: 409, title: "The default agent cannot be deleted" },
  key_revoked: { status: 409, title: "The API key is already revoked" },
  scim_token_revoked: { status: 409, title: "The SCIM token is already revoked" },
  scim_managed: { status: 409, title: "This member is managed by the identity provider (SCIM)" },
  last_owner: { status: 409, title: "The organization's last active owner cannot be suspended, demoted or deleted" },
  member_not_suspended: { status: 409, title: "Only a suspended member can be deleted" },
  member_not_awaiting_confirmation: { status: 409, title: "The member is not awaiting confirmation" },
  member_not_active: { status: 409, title: "The member is not active" },
  member_not_in_recovery: { status: 409, title: "The member is not in account recovery" },
  recovery_not_allowed: { status: 409, title: "Account recovery is not allowed for this person" },
  recovery_not_accepted: { status: 409, title: "The person has not set a new password through the recovery link yet" },
  account_in_recovery: { status: 403, title: "This account is in recovery" },
  recovery_link_invalid: { status: 404, title: "This recovery link is not valid" },
  recovery_link_used: { status: 410, title: "This recovery link was already used or replaced" },
  recovery_link_expired: { status: 410, title: "This recovery link has expired" },
  transfer_target_invalid: { status: 409, title: "Projects can only go to an active member of the organization" },
  group_name_taken: { status: 409, title: "A group of this name already exists in the organization" },
  builtin_group_protected: { status: 409, title: "Built-in groups cannot be deleted" },
  invitation_revoked: { status: 410, title: "This invitation was revoked" },
  webhook_disabled: { status: 409, title: "The webhook endpoint is disabled" },
  webhook_delivery_in_flight: { status: 409, title: "The delivery is being attempted right now" },
  idempotency_key_in_use: { status: 409, title: "A request with this Idempotency-Key is still in progress" },
  idempotency_key_reused: { status: 422, title: "The Idempotency-Key was already used with a different request" },
  payload_too_large: { status: 413, title: "The request body is too large" },
  unsupported_media_type: { status: 415, title: "The body must be application/json" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Something went wrong on our side" },
  service_unavailable: { status: 503, title: "The service is not ready" },
} as const satisfies Record<string, { status: ErrorStatus; title: string }>;

/** The statuses an error may carry (the route definitions declare the ones they answer). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

export type ErrorCode = keyof typeof errorCodes;

/** One field of the input and what is wrong with it. */
export type FieldError = { path: string; message: string };

export class DomainError extends Error {
  override name = "DomainError";
  /** Which fields were refused, when the error is about the input. */
  readonly errors: FieldError[] | undefined;
  /** Headers the answer must carry (e.g. `retry-after` with `rate_limited`). */
  readonly headers: Record<string, string> | undefined;
  /** Where one code answers differently by credential: a suspended member's key is a 401, their session a 403. */
  readonly statusOverride: 401 | 403 | undefined;

  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    extra?: { errors?: FieldError[]; headers?: Record<string, string>; status?: 401 | 403 },
  ) {
    super(detail ?? errorCodes[code].title);
    this.errors = extra?.errors;
    this.headers = extra?.headers;
    this.statusOverride = extra?.status;
  }

  get status(): ErrorStatus {
    return this.statusOverride ?? errorCodes[this.code].status;
  }
}
