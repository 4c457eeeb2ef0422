/** When and how long to wait before trying a request again. Pure functions, tested without a server. */

export interface BackoffOptions {
  /** The first retry waits about this long (default 500 ms); each later one doubles it. */
  initialDelayMs?: number;
  /** No computed wait exceeds this (default 8 s). */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead (default 60 s). */
  maxRetryAfterMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Exponential backoff with jitter: retry n (0-based) waits between half and all of
 * min(max, initial · 2ⁿ), so many clients failing together do not retry in lockstep.
 */
export function backoffDelay(retry: number, options: Required<BackoffOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Answers worth another attempt: rate limiting, server errors that may be transient, a request timeout,
 * and a create whose Idempotency-Key is still being processed by an earlier attempt. Never another 4xx:
 * those say the request itself is wrong, and sending it again changes nothing.
 */
export function isRetryableStatus(status: number, code?: string): boolean {
  if (status === 408 || status === 429) return true;
  if (status === 409 && code === "idempotency_key_in_use") return true;
  return status >= 500 && status !== 501 && status !== 505;
}
