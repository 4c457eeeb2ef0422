/** When and how long to wait before trying a request again. Pure functions, tested without a server. */
export interface BackoffOptions {
    /** The first retry waits about this long (default 500 ms); each later one doubles it. */
    initialDelayMs?: number;
    /** No computed wait exceeds this (default 8 s). */
    maxDelayMs?: number;
    /** A Retry-After longer than this is not waited for: the error is thrown instead (default 60 s). */
    maxRetryAfterMs?: number;
}
export declare const DEFAULT_BACKOFF: Required<BackoffOptions>;
/**
 * Exponential backoff with jitter: retry n (0-based) waits between half and all of
 * min(max, initial · 2ⁿ), so many clients failing together do not retry in lockstep.
 */
export declare function backoffDelay(retry: number, options: Required<BackoffOptions>, random?: () => number): number;
/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export declare function parseRetryAfter(value: string | null, now?: number): number | undefined;
/**
 * Answers worth another attempt: rate limiting, server errors that may be transient, a request timeout,
 * and a create whose Idempotency-Key is still being processed by an earlier attempt. Never another 4xx:
 * those say the request itself is wrong, and sending it again changes nothing.
 */
export declare function isRetryableStatus(status: number, code?: string): boolean;
