import type { Problem, ProblemCode } from "./types.js";
/** Codes the SDK itself gives, with status 0: no HTTP answer was received (or it was not usable). */
export type ClientErrorCode = 
/** The request could not be sent or its answer not received (DNS, refused, reset, …). */
"network_error"
/** No complete answer within `timeoutMs` (per attempt). */
 | "timeout"
/** The caller's AbortSignal fired. */
 | "aborted"
/** A 2xx answer whose body is not the JSON the API promises. */
 | "invalid_response";
/** Every code a HandoffError may carry: the server's problem codes, `http_error`, and the SDK's own. */
export type HandoffErrorCode = ProblemCode | ClientErrorCode | "http_error";
export interface HandoffErrorInit {
    status: number;
    code: HandoffErrorCode | (string & {});
    detail: string;
    title?: string | undefined;
    requestId?: string | undefined;
    problem?: Problem | undefined;
    attempts?: number | undefined;
    retryAfterMs?: number | undefined;
    cause?: unknown;
}
/**
 * The one error the SDK throws. `status` is the HTTP status, or 0 when no answer came back
 * (`code` is then `network_error`, `timeout` or `aborted`). `code` is the API's stable problem code
 * (e.g. `not_found`, `provision_not_pending`); an error answer that is not problem+json (a proxy's
 * 502 page, say) has the code `http_error`.
 */
export declare class HandoffError extends Error {
    readonly name = "HandoffError";
    readonly status: number;
    readonly code: HandoffErrorCode | (string & {});
    readonly title: string | undefined;
    readonly detail: string;
    /** The server's request id (the problem's `requestId` or the `x-request-id` header): quote it in reports. */
    readonly requestId: string | undefined;
    /** The problem+json body as the server sent it, when there was one. */
    readonly problem: Problem | undefined;
    /** How many attempts were made, retries included. */
    readonly attempts: number;
    /** For 429 and 503: how long the server asked to wait (Retry-After), when it said. */
    readonly retryAfterMs: number | undefined;
    constructor(init: HandoffErrorInit);
    /** Field errors of a `validation_failed` answer: `{ path, message }` per field. */
    get errors(): {
        path: string;
        message: string;
    }[];
    /** True when no HTTP answer was received: network failure, timeout or abort. */
    get isNetworkError(): boolean;
    get isTimeout(): boolean;
    /** A copy that records the number of attempts made. */
    withAttempts(attempts: number): HandoffError;
    toJSON(): {
        type: string;
        title: string;
        status: number;
        detail: string;
        code: "validation_failed" | "invalid_cursor" | "invalid_json" | "missing_credentials" | "invalid_api_key" | "api_key_revoked" | "api_key_expired" | "invalid_scim_token" | "access_token_invalid" | "access_token_expired" | "access_token_revoked" | "provision_expired" | "provision_cancelled" | "admin_key_required" | "project_key_required" | "insufficient_scope" | "invalid_credentials" | "session_required" | "csrf_failed" | "cross_origin_refused" | "team_role_required" | "permission_required" | "member_suspended" | "member_awaiting_confirmation" | "membership_inactive" | "owner_required" | "cannot_act_on_self" | "self_service_disabled" | "claim_email_mismatch" | "two_step_invalid" | "two_step_challenge_expired" | "two_step_required" | "two_step_unavailable" | "email_not_verified" | "verification_link_invalid" | "verification_link_expired" | "not_found" | "claim_link_invalid" | "setup_link_invalid" | "invitation_invalid" | "invitation_used" | "invitation_expired" | "invitation_email_mismatch" | "claim_already_used" | "email_taken" | "setup_link_used" | "setup_link_expired" | "claim_link_expired" | "claim_link_superseded" | "claim_link_cancelled" | "provision_not_pending" | "agent_identifier_taken" | "default_agent_protected" | "key_revoked" | "scim_token_revoked" | "scim_managed" | "last_owner" | "member_not_suspended" | "member_not_awaiting_confirmation" | "member_not_active" | "member_not_in_recovery" | "recovery_not_allowed" | "recovery_not_accepted" | "account_in_recovery" | "recovery_link_invalid" | "recovery_link_used" | "recovery_link_expired" | "transfer_target_invalid" | "group_name_taken" | "builtin_group_protected" | "invitation_revoked" | "webhook_disabled" | "webhook_delivery_in_flight" | "idempotency_key_in_use" | "idempotency_key_reused" | "payload_too_large" | "unsupported_media_type" | "rate_limited" | "internal_error" | "service_unavailable";
        requestId: string;
        errors?: {
            path: string;
            message: string;
        }[];
    } | {
        status: number;
        code: HandoffErrorCode | (string & {});
        title: string | undefined;
        detail: string;
        requestId: string | undefined;
    };
}
/** The HandoffError for an error answer: its problem+json body when there is one, else `http_error`. */
export declare function errorFromResponse(response: Response, text: string, retryAfterMs: number | undefined): HandoffError;
