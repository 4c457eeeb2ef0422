import type { Problem, ProblemCode } from "./types.js";

/** Codes the SDK itself gives, with status 0: no HTTP answer was received (or it was not usable). */
export type ClientErrorCode =
  /** The request could not be sent or its answer not received (DNS, refused, reset, …). */
  | "network_error"
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
export class HandoffError extends Error {
  override readonly name = "HandoffError";
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

  constructor(init: HandoffErrorInit) {
    super(`${init.code}${init.status ? ` (HTTP ${init.status})` : ""}: ${init.detail}`, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Field errors of a `validation_failed` answer: `{ path, message }` per field. */
  get errors(): { path: string; message: string }[] {
    return this.problem?.errors ?? [];
  }

  /** True when no HTTP answer was received: network failure, timeout or abort. */
  get isNetworkError(): boolean {
    return this.code === "network_error";
  }

  get isTimeout(): boolean {
    return this.code === "timeout";
  }

  /** A copy that records the number of attempts made. */
  withAttempts(attempts: number): HandoffError {
    const copy = new HandoffError({
      status: this.status,
      code: this.code,
      detail: this.detail,
      title: this.title,
      requestId: this.requestId,
      problem: this.problem,
      attempts,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    });
    copy.stack = this.stack;
    return copy;
  }

  toJSON() {
    return this.problem ?? { status: this.status, code: this.code, title: this.title, detail: this.detail, requestId: this.requestId };
  }
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as Problem).code === "string" &&
    typeof (body as Problem).status === "number"
  );
}

function isUsersApiError(body: unknown): body is { error: { code: number; message: string; status: string } } {
  const e = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof e === "object" && e !== null && typeof (e as { status?: unknown }).status === "string" && typeof (e as { message?: unknown }).message === "string";
}

/** The HandoffError for an error answer: its problem+json body when there is one, else `http_error`. */
export function errorFromResponse(response: Response, text: string, retryAfterMs: number | undefined): HandoffError {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const headerRequestId = response.headers.get("x-request-id") ?? undefined;
  if (isProblem(body)) {
    return new HandoffError({
      status: response.status,
      code: body.code,
      title: body.title,
      detail: body.detail ?? body.title ?? `HTTP ${response.status}`,
      requestId: body.requestId ?? headerRequestId,
      problem: body,
      retryAfterMs,
    });
  }
  // The Users API answers as 1Password's does: `{ error: { code, message, status } }`.
  if (isUsersApiError(body)) {
    return new HandoffError({ status: response.status, code: body.error.status, detail: body.error.message, requestId: headerRequestId, retryAfterMs });
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return new HandoffError({
    status: response.status,
    code: "http_error",
    detail: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${snippet ? `: ${snippet}` : ""}`,
    requestId: headerRequestId,
    retryAfterMs,
  });
}
