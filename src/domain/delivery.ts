/**
 * Retry rules shared by the outboxes (mail today, webhooks beside it): pure, so the schedule is tested
 * without a database or a clock.
 */

/** Attempts in all (the first, right after commit, included) before a message is given up. */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** The wait after the first failure; each further failure doubles it, up to the cap. */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3600_000;

/**
 * How long a claimed row stays with the worker that claimed it. Far longer than any attempt can take
 * (transports time out well before), so only a worker that died mid-attempt ever lets it lapse.
 */
export const DELIVERY_LEASE_MS = 10 * 60_000;

/** When to try again after `attempts` failed attempts, or null when the message is to be given up. */
export function nextAttemptAfter(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  const wait = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return new Date(now.getTime() + wait);
}

/** What the API and the dashboard call a delivery: a row being attempted is still queued. */
export type DeliveryState = "queued" | "sent" | "failed";

export function deliveryState(status: "queued" | "sending" | "sent" | "failed"): DeliveryState {
  return status === "sending" ? "queued" : status;
}

const MAX_REASON_LENGTH = 300;

/** A failure reason fit to keep and show: one line, bounded, never a credential from a URL. */
export function failureReason(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  const line = text.replace(/\s+/g, " ").replace(/\/\/[^/\s@]*@/g, "//…@").trim() || "unknown error";
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}
