import { API_KEY_LENGTH, hashApiKey, isWellFormedApiKey } from "../domain/api-key.js";
import { isDeauthorized } from "../domain/membership-states.js";
import { keyBlockedBy } from "../domain/provision-rules.js";
import type { AppDeps } from "../deps.js";
import { DomainError } from "../domain/errors.js";
import type { Principal } from "../domain/actors.js";
import type { KeyRecord } from "./key-cache.js";

const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * The agents' hot path. A key found in the cache is decided at once, without a promise (it was
 * well-formed when it was cached, and only that key has its SHA-256). Otherwise shape and checksum
 * (no database work for a mistyped key), then one indexed lookup by hash. Then the rules: not
 * revoked, not expired, the provision behind the project (if any) pending-and-unexpired or claimed,
 * and the project owner's membership not past its deauthorization — decided now from the clock,
 * never left to the sweeper.
 */
export function verifyApiKey(deps: AppDeps, key: string, now = deps.clock.now()): Principal | Promise<Principal> {
  // Checked before hashing, so an oversized header is never hashed.
  if (key.length !== API_KEY_LENGTH) throw malformed();
  const hash = hashApiKey(key);
  const cached = deps.keyCache.get(hash, now.getTime());
  if (cached) return admit(deps, hash, cached, now);
  if (!isWellFormedApiKey(key)) throw malformed();
  // When a busy key's cache entry ends, the requests arriving together make one lookup.
  return deps.keyCache
    .shareRead(hash, async (generation) => {
      const found = await findKeyRecord(deps, hash);
      if (found) deps.keyCache.set(hash, found, now.getTime(), generation);
      return found;
    })
    .then((found) => {
      if (!found) throw new DomainError("invalid_api_key", "The API key is not recognised.");
      return admit(deps, hash, found, now);
    });
}

function malformed(): DomainError {
  return new DomainError("invalid_api_key", "The API key is malformed or mistyped.");
}

function admit(deps: AppDeps, hash: string, record: KeyRecord, now: Date): Principal {
  assertUsable(record, now);
  maybeRecordUse(deps, record, now);
  return record.kind === "admin"
    ? {
        kind: "admin",
        organizationId: record.organizationId,
        keyId: record.id,
        scopes: record.scopes,
        createdBy: record.createdByUserId,
        expiresAt: record.expiresAt,
      }
    : {
        kind: "project",
        organizationId: record.organizationId,
        projectId: record.projectId!,
        keyId: record.id,
        agentId: record.agentId,
        scopes: record.scopes,
        cacheKey: hash,
        expiresAt: record.expiresAt,
        verifiedAt: now,
      };
}

function assertUsable(record: KeyRecord, now: Date): void {
  if (record.revokedAt && record.revokedAt.getTime() <= now.getTime()) throw new DomainError("api_key_revoked");
  if (record.expiresAt && record.expiresAt.getTime() <= now.getTime()) throw new DomainError("api_key_expired");
  const blocked = record.provision && keyBlockedBy(record.provision, now);
  if (blocked) throw new DomainError(blocked);
  if (record.owner && isDeauthorized(record.owner, now)) {
    throw new DomainError("member_suspended", "The owner of this key's project is suspended in the organization.", { status: 401 });
  }
}

async function findKeyRecord(deps: AppDeps, hash: string): Promise<KeyRecord | null> {
  const row = await deps.db
    .selectFrom("api_keys as k")
    .leftJoin("provisions as p", "p.project_id", "k.project_id")
    // Primary-key joins: the project's owner, and that owner's membership in the key's organization.
    .leftJoin("projects as pr", "pr.id", "k.project_id")
    .leftJoin("memberships as m", (j) => j.onRef("m.organization_id", "=", "k.organization_id").onRef("m.user_id", "=", "pr.owner_user_id"))
    .select([
      "k.id",
      "k.kind",
      "k.organization_id",
      "k.project_id",
      "k.agent_id",
      "k.scopes",
      "k.expires_at",
      "k.revoked_at",
      "k.last_used_at",
      "k.created_by_user_id",
      "p.status as provision_status",
      "p.expires_at as provision_expires_at",
      "m.user_id as owner_user_id",
      "m.state as owner_state",
      "m.deauthorize_at as owner_deauthorize_at",
    ])
    .where("k.secret_hash", "=", hash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    organizationId: row.organization_id,
    projectId: row.project_id,
    agentId: row.agent_id,
    scopes: row.scopes,
    createdByUserId: row.created_by_user_id,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    provision:
      row.provision_status && row.provision_expires_at
        ? { status: row.provision_status, expiresAt: row.provision_expires_at }
        : null,
    owner: row.owner_user_id && row.owner_state ? { userId: row.owner_user_id, state: row.owner_state, deauthorizeAt: row.owner_deauthorize_at } : null,
  };
}

/** last_used_at is written at most once a minute per key, off the response path. */
function maybeRecordUse(deps: AppDeps, record: KeyRecord, now: Date): void {
  if (record.lastUsedAt && now.getTime() - record.lastUsedAt.getTime() < LAST_USED_WRITE_INTERVAL_MS) return;
  // The cached record itself (the requests that shared its read hold it too), so the next write waits a minute.
  record.lastUsedAt = now;
  const cutoff = new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS);
  deps.defer(
    deps.db
      .updateTable("api_keys")
      .set({ last_used_at: now })
      .where("id", "=", record.id)
      // Guarded, so many instances together still write about once a minute.
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", cutoff)]))
      .execute()
      .catch((err: unknown) => deps.logger.warn("could not record key use", { keyId: record.id, error: String(err) })),
  );
}
