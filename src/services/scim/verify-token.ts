import { hashApiKey, isWellFormedApiKey } from "../../domain/api-key.js";
import type { ScimPrincipal } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";

const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * A SCIM token to its organization. The comparison is an indexed lookup of the token's SHA-256 hash
 * (never a comparison of secrets), after a shape and checksum test that refuses a mistyped token
 * without a database hit. No cache: identity providers call rarely, and a revocation acts at once.
 */
export async function verifyScimToken(deps: AppDeps, token: string): Promise<ScimPrincipal> {
  if (!isWellFormedApiKey(token)) throw new DomainError("invalid_scim_token", "The SCIM token is malformed or mistyped.");
  const row = await deps.db
    .selectFrom("scim_tokens")
    .select(["id", "organization_id", "revoked_at", "last_used_at"])
    .where("secret_hash", "=", hashApiKey(token))
    .executeTakeFirst();
  if (!row) throw new DomainError("invalid_scim_token", "The SCIM token is not recognised.");
  const now = deps.clock.now();
  if (row.revoked_at && row.revoked_at.getTime() <= now.getTime()) throw new DomainError("invalid_scim_token", "The SCIM token has been revoked.");
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_WRITE_INTERVAL_MS) recordUse(deps, row.id, now);
  return { kind: "scim", organizationId: row.organization_id, tokenId: row.id };
}

/** last_used_at: at most once a minute per token, off the response path, guarded against many instances. */
function recordUse(deps: AppDeps, id: string, now: Date): void {
  const cutoff = new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS);
  deps.defer(
    deps.db
      .updateTable("scim_tokens")
      .set({ last_used_at: now })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", cutoff)]))
      .execute()
      .catch((err: unknown) => deps.logger.warn("could not record SCIM token use", { tokenId: id, error: String(err) })),
  );
}
