import { isTeamScope, normalizeScopes, type TeamScope } from "./team-scopes.js";
import { fromBase64Url, randomBytes, toBase64Url } from "./encoding.js";

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) and token revocation (RFC 7009): the pure parts. Client
 * secrets and access tokens are opaque: a fixed prefix (so secret scanners and the auth middleware
 * recognise them) and 256 random bits; only their SHA-256 is stored.
 */
export const CLIENT_SECRET_PREFIX = "hcs_";
export const ACCESS_TOKEN_PREFIX = "hat_";
export const ACCESS_TOKEN_TTL_SECONDS = 900;
const OPAQUE = /^[A-Za-z0-9_-]{43}$/;

export function newClientSecret(): string {
  return CLIENT_SECRET_PREFIX + toBase64Url(randomBytes(32));
}

export function newAccessToken(): string {
  return ACCESS_TOKEN_PREFIX + toBase64Url(randomBytes(32));
}

/** Shape only, no I/O: anything else cannot be one of ours. */
export function isWellFormedAccessToken(token: string): boolean {
  return token.startsWith(ACCESS_TOKEN_PREFIX) && OPAQUE.test(token.slice(ACCESS_TOKEN_PREFIX.length));
}

export function isWellFormedClientSecret(secret: string): boolean {
  return secret.startsWith(CLIENT_SECRET_PREFIX) && OPAQUE.test(secret.slice(CLIENT_SECRET_PREFIX.length));
}

/** The error codes of RFC 6749 §5.2 and RFC 7009 §2.2.1. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "unsupported_token_type";

/** An OAuth error answered as RFC 6749 §5.2 JSON: 400, or 401 with WWW-Authenticate for invalid_client. */
export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
  get status(): 400 | 401 {
    return this.error === "invalid_client" ? 401 : 400;
  }
}

/**
 * `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1: each part form-urlencoded
 * before encoding). Null when the header is absent or not Basic.
 */
export function parseBasicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const raw = fromBase64Url(match[1]!.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  if (!raw) return null;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(raw);
  const colon = text.indexOf(":");
  if (colon < 0) return null;
  try {
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { clientId: decode(text.slice(0, colon)), clientSecret: decode(text.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/**
 * The scopes a token gets (RFC 6749 §3.3): the `scope` parameter (space-delimited) narrowed within the
 * client's, or all of the client's when absent. Anything unknown or beyond the client's: invalid_scope.
 */
export function grantedScopes(clientScopes: readonly string[], requested: string | undefined): TeamScope[] {
  const held = normalizeScopes(clientScopes.filter(isTeamScope));
  if (requested === undefined) return held;
  const wanted = requested.split(" ").filter(Boolean);
  if (wanted.length === 0) throw new OAuthError("invalid_scope", "The scope parameter is empty.");
  const unknown = wanted.filter((s) => !isTeamScope(s) || !held.includes(s));
  if (unknown.length) throw new OAuthError("invalid_scope", `Not granted to this client: ${unknown.join(" ").slice(0, 200)}.`);
  return normalizeScopes(wanted as TeamScope[]);
}
