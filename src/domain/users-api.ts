import type { MembershipState } from "../../db/schema.js";
import { fromBase64Url, toBase64Url, utf8 } from "./encoding.js";
import { errorCodes, type ErrorCode } from "./errors.js";

/**
 * The Users API (`/v1beta1/accounts/{account_id}/users…`), wire-compatible with 1Password's Users API
 * v1beta1: the pure parts. An account is an organization, a user one of its memberships.
 *
 * A membership's state maps to the API's two states: `suspended` is SUSPENDED; every other state
 * (active, a placeholder nobody has claimed yet, awaiting confirmation, in recovery) is ACTIVE, since
 * none of them is a suspension and `:suspend` applies to each of them.
 */
export type UserState = "ACTIVE" | "SUSPENDED";

export function userState(state: MembershipState): UserState {
  return state === "suspended" ? "SUSPENDED" : "ACTIVE";
}

export function userPath(accountId: string, userId: string): string {
  return `accounts/${accountId}/users/${userId}`;
}

/** The filters 1Password documents, and nothing else: empty (everyone), active, suspended. */
export const USER_FILTERS = ["user.isActive()", "user.isSuspended()"] as const;
export type UserFilter = "all" | "active" | "suspended";

/** `filter` as sent (absent or empty: everyone); anything else is refused by naming what is allowed. */
export function parseUserFilter(raw: string | undefined): UserFilter | { invalid: string } {
  const value = (raw ?? "").trim();
  if (value === "") return "all";
  if (value === "user.isActive()") return "active";
  if (value === "user.isSuspended()") return "suspended";
  return { invalid: `filter must be empty, ${USER_FILTERS.map((f) => `\`${f}\``).join(" or ")}.` };
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

/** `max_page_size` as sent: a whole number 1–1000, default 25. */
export function parsePageSize(raw: string | undefined): number | { invalid: string } {
  if (raw === undefined || raw === "") return DEFAULT_PAGE_SIZE;
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) return { invalid: `max_page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}.` };
  return n;
}

/**
 * Where a page ends: the last user's position in the stable order (when they joined, exact to the
 * microsecond as the database keeps it, then their id) and the filter the listing used, so a token is
 * not replayed under another filter. Opaque to clients: base64url of a small JSON array.
 */
export type PagePosition = { joined: string; userId: string; filter: UserFilter };

const FILTERS: readonly UserFilter[] = ["all", "active", "suspended"];
// What PostgreSQL writes for a timestamptz as text (`2026-11-30 22:55:08.123456+00`); nothing else is taken back.
const PG_INSTANT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const USER_ID = /^usr_[0-9A-Za-z_-]{1,60}$/;

export function encodePageToken(p: PagePosition): string {
  return toBase64Url(utf8(JSON.stringify([p.joined, p.userId, p.filter])));
}

export function decodePageToken(token: string): PagePosition | null {
  if (token.length > 300) return null;
  const raw = fromBase64Url(token);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [joined, userId, filter] = value as unknown[];
    if (typeof joined !== "string" || !PG_INSTANT.test(joined)) return null;
    if (typeof userId !== "string" || !USER_ID.test(userId)) return null;
    if (typeof filter !== "string" || !FILTERS.includes(filter as UserFilter)) return null;
    return { joined, userId, filter: filter as UserFilter };
  } catch {
    return null;
  }
}

/**
 * The error body of this API: Google's JSON error model (AIP-193), which 1Password's v1beta1 APIs
 * follow — `{ "error": { "code": <HTTP status>, "message": "…", "status": "INVALID_ARGUMENT" } }`.
 * Domain errors keep their meaning; the status names are the canonical gRPC codes with their usual
 * HTTP statuses (a refused state change, such as the last owner, is FAILED_PRECONDITION, 400).
 */
export type UsersApiStatus =
  | "INVALID_ARGUMENT"
  | "FAILED_PRECONDITION"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "RESOURCE_EXHAUSTED"
  | "INTERNAL"
  | "UNAVAILABLE";

export const USERS_API_STATUSES: Record<UsersApiStatus, 400 | 401 | 403 | 404 | 429 | 500 | 503> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** The Users API status a domain error answers with. */
export function usersApiStatusOf(code: ErrorCode, status?: number): UsersApiStatus {
  switch (status ?? errorCodes[code].status) {
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
    case 410:
      return "NOT_FOUND";
    case 409:
      return "FAILED_PRECONDITION";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 503:
      return "UNAVAILABLE";
    case 500:
      return "INTERNAL";
    default:
      return "INVALID_ARGUMENT";
  }
}
