import type { OAuthPrincipal } from "../../domain/actors.js";
import { constantTimeEqual, sha256Hex } from "../../domain/encoding.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import {
  ACCESS_TOKEN_TTL_SECONDS,
  grantedScopes,
  isWellFormedAccessToken,
  isWellFormedClientSecret,
  newAccessToken,
  OAuthError,
} from "../../domain/oauth.js";
import type { TeamScope } from "../../domain/team-scopes.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";
import type { OAuthClient } from "./clients.js";

export type ClientCredentials = { clientId: string; clientSecret: string };

// A hash to compare against when the client does not exist, so an unknown client costs the same time.
const NO_CLIENT_HASH = sha256Hex("no such client");

/** Client authentication (RFC 6749 §2.3.1): the client and its secret, or `invalid_client`. */
export async function authenticateClient(deps: AppDeps, creds: ClientCredentials): Promise<OAuthClient> {
  const wellFormed = /^oac_[0-9A-Za-z]{1,60}$/.test(creds.clientId) && isWellFormedClientSecret(creds.clientSecret);
  const client = wellFormed ? await deps.db.selectFrom("oauth_clients").selectAll().where("id", "=", creds.clientId).executeTakeFirst() : undefined;
  const matches = constantTimeEqual(sha256Hex(creds.clientSecret), client?.secret_hash ?? NO_CLIENT_HASH);
  if (!client || !matches) throw new OAuthError("invalid_client", "Client authentication failed.");
  return client;
}

const principalOf = (client: OAuthClient, tokenId: string, scopes: string[], expiresAt: Date): OAuthPrincipal => ({
  kind: "oauth",
  organizationId: client.organization_id,
  tokenId,
  clientId: client.id,
  scopes,
  createdBy: client.created_by_user_id,
  expiresAt,
});

/**
 * The client credentials grant (RFC 6749 §4.4): a fresh opaque token for 15 minutes with the client's
 * scopes, or those of `scope` (space-delimited) within them. Only its hash is stored; audited.
 */
export async function issueAccessToken(
  deps: AppDeps,
  client: OAuthClient,
  scope: string | undefined,
  requestId: string | null,
): Promise<{ accessToken: string; expiresIn: number; scopes: TeamScope[] }> {
  if (client.disabled_at) throw new OAuthError("unauthorized_client", "This client is disabled.");
  const scopes = grantedScopes(client.scopes, scope);
  const accessToken = newAccessToken();
  const tokenId = newId("oauthToken");
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000);
  const actor = principalOf(client, tokenId, scopes, expiresAt);
  await change(deps, { actor, organizationId: client.organization_id, requestId, now }, {}, async ({ trx, audit }) => {
    await trx
      .insertInto("oauth_tokens")
      .values({
        id: tokenId,
        organization_id: client.organization_id,
        client_id: client.id,
        token_hash: sha256Hex(accessToken),
        scopes: JSON.stringify(scopes),
        expires_at: expiresAt,
        created_at: now,
      })
      .execute();
    await trx.updateTable("oauth_clients").set({ last_used_at: now }).where("id", "=", client.id).execute();
    await audit("oauth_token.issued", { type: "oauth_token", id: tokenId }, { scopes, expiresAt: expiresAt.toISOString() });
  });
  return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, scopes };
}

/**
 * Token revocation (RFC 7009 §2): the token stops at once if it was issued to this client. An unknown
 * token, one already revoked or expired, or another client's, is answered the same way (200), so the
 * endpoint reveals nothing about tokens the caller does not hold.
 */
export async function revokeAccessToken(deps: AppDeps, client: OAuthClient, token: string, requestId: string | null): Promise<void> {
  if (!isWellFormedAccessToken(token)) return;
  const row = await deps.db.selectFrom("oauth_tokens").selectAll().where("token_hash", "=", sha256Hex(token)).executeTakeFirst();
  if (!row || row.client_id !== client.id || row.revoked_at) return;
  const actor = principalOf(client, row.id, row.scopes, row.expires_at);
  await change(deps, { actor, organizationId: client.organization_id, requestId }, {}, async ({ trx, now, audit }) => {
    const revoked = await trx
      .updateTable("oauth_tokens")
      .set({ revoked_at: now })
      .where("id", "=", row.id)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (revoked) await audit("oauth_token.revoked", { type: "oauth_token", id: row.id });
  });
}

/**
 * A bearer access token on a request: looked up by hash with its client on every call (not cached), so
 * a revoked token or a disabled client is refused at once on every instance.
 */
export async function verifyAccessToken(deps: AppDeps, token: string): Promise<OAuthPrincipal> {
  if (!isWellFormedAccessToken(token)) throw new DomainError("access_token_invalid", "The access token is malformed.");
  const row = await deps.db
    .selectFrom("oauth_tokens as t")
    .innerJoin("oauth_clients as c", "c.id", "t.client_id")
    .select(["t.id", "t.organization_id", "t.client_id", "t.scopes", "t.expires_at", "t.revoked_at", "c.created_by_user_id", "c.disabled_at"])
    .where("t.token_hash", "=", sha256Hex(token))
    .executeTakeFirst();
  if (!row) throw new DomainError("access_token_invalid", "The access token is not recognised.");
  const now = deps.clock.now();
  if (row.revoked_at || row.disabled_at) throw new DomainError("access_token_revoked");
  if (row.expires_at.getTime() <= now.getTime()) throw new DomainError("access_token_expired");
  return {
    kind: "oauth",
    organizationId: row.organization_id,
    tokenId: row.id,
    clientId: row.client_id,
    scopes: row.scopes,
    createdBy: row.created_by_user_id,
    expiresAt: row.expires_at,
  };
}
