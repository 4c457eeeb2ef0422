/**
 * Webhook delivery rules: the retry schedule, Retry-After, when an endpoint is given up, and which
 * targets are refused (SSRF). Pure, tested without a database, a clock or a network.
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * The wait after each failed attempt (the first attempt is made right after commit): exponential at
 * first, then spaced out, about three days in all (≈ 75 h) before a delivery is given up.
 */
export const RETRY_SCHEDULE_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H] as const;

/** Attempts in all, the first one included. */
export const MAX_WEBHOOK_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** A receiver's Retry-After is honoured up to this long (a longer one would stall the schedule for good). */
export const MAX_RETRY_AFTER_MS = 24 * H;

/** An endpoint that has failed every attempt for this long is disabled, with an event saying so. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * H;

/** Each attempt waits at most this long for an answer. */
export const WEBHOOK_TIMEOUT_MS = 10 * S;

/** How long a claimed delivery stays with its worker: far longer than an attempt can take. */
export const WEBHOOK_LEASE_MS = 5 * M;

/** How long a rotated-out secret keeps signing beside the new one, unless the caller says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_S = 24 * 3600;

/**
 * Retry-After as seconds or an HTTP date, in ms from `now`; null when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value) * S;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** When to try again after `attempts` failed attempts, or null to give up. Retry-After may push it later. */
export function nextWebhookAttempt(attempts: number, now: Date, retryAfter: number | null): Date | null {
  if (attempts >= MAX_WEBHOOK_ATTEMPTS) return null;
  const scheduled: number = RETRY_SCHEDULE_MS[Math.min(Math.max(0, attempts - 1), RETRY_SCHEDULE_MS.length - 1)]!;
  const wait = Math.max(scheduled, Math.min(retryAfter ?? 0, MAX_RETRY_AFTER_MS));
  return new Date(now.getTime() + wait);
}

export type AttemptOutcome = { kind: "delivered" } | { kind: "gone" } | { kind: "failed"; retryAfterMs: number | null };

/** 2xx delivered; 410 Gone disables the endpoint; anything else (3xx included: redirects are not followed) is retried. */
export function outcomeOf(status: number, retryAfter: number | null): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 410) return { kind: "gone" };
  return { kind: "failed", retryAfterMs: retryAfter };
}

// ---- SSRF -------------------------------------------------------------------------------------

function ipv4Parts(ip: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : null;
}

function privateV4([a, b]: number[]): boolean {
  return (
    a === 0 || // this network
    a === 10 ||
    a === 127 || // loopback
    (a === 100 && b! >= 64 && b! <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata (169.254.169.254)
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a! >= 224 // multicast, reserved, broadcast
  );
}

/** Loopback, private, link-local, metadata, multicast or unspecified: an address a webhook must not reach. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ipv4Parts(ip);
  if (v4) return privateV4(v4);
  const v6 = ip.toLowerCase().replace(/^\[|\]$/g, "").split("%")[0]!;
  if (!v6.includes(":")) return true; // not an address at all: refuse rather than guess
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isPrivateAddress(mapped[1]!);
  if (v6 === "::" || v6 === "::1") return true;
  const first = parseInt(v6.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7 (AWS metadata fd00:ec2::254)
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 || // multicast
    v6.startsWith("64:ff9b:") // NAT64 to anything, private included
  );
}

const BLOCKED_HOSTS = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|.*\.internal)$/i;

/**
 * What is wrong with a webhook URL as written (null: nothing): http(s) only, no credentials, and —
 * unless private targets are allowed — no loopback, private or metadata host written literally. The
 * resolved address is checked again at every delivery (a name can point anywhere).
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute http:// or https:// URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http:// or https:// URL";
  if (url.username || url.password) return "must not carry credentials";
  if (url.hash) return "must not have a #fragment";
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (BLOCKED_HOSTS.test(host)) return "must not point at this server's network (loopback, private or metadata address)";
  if ((ipv4Parts(host) || host.includes(":")) && isPrivateAddress(host)) return "must not point at a loopback, private, link-local or metadata address";
  return null;
}
