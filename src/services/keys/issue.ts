import type { Insertable } from "kysely";
import type { ApiKey, ApiKeyKind, ApiKeysTable } from "../../../db/schema.js";
import { displayPrefix, generateApiKey, hashApiKey } from "../../domain/api-key.js";
import { newId } from "../../domain/ids.js";
import type { Executor } from "../db-types.js";
import { DomainError } from "../../domain/errors.js";

export type IssueKeyInput = {
  organizationId: string;
  kind: ApiKeyKind;
  projectId: string | null;
  agentId: string | null;
  name: string;
  scopes?: string[];
  expiresAt?: Date | null;
  /** Organization keys: the person whose permissions bound the key (null or absent: the server). */
  createdByUserId?: string | null;
  now: Date;
};

/** A fresh key and the row that stores it: the key itself is returned once and never stored. */
export function newKeyRow(input: IssueKeyInput): { secret: string; values: Insertable<ApiKeysTable> } {
  const secret = generateApiKey();
  return {
    secret,
    values: {
      id: newId("apiKey"),
      organization_id: input.organizationId,
      kind: input.kind,
      project_id: input.projectId,
      agent_id: input.agentId,
      name: input.name,
      display_prefix: displayPrefix(secret),
      secret_hash: hashApiKey(secret),
      scopes: JSON.stringify(input.scopes ?? []),
      expires_at: input.expiresAt ?? null,
      created_by_user_id: input.createdByUserId ?? null,
      created_at: input.now,
    },
  };
}

/** Creates a key and returns it in full exactly once; only its SHA-256 hash is stored. */
export async function issueKey(db: Executor, input: IssueKeyInput): Promise<{ secret: string; row: ApiKey }> {
  const { secret, values } = newKeyRow(input);
  const row = await db.insertInto("api_keys").values(values).returningAll().executeTakeFirstOrThrow();
  return { secret, row };
}

/** A key never mints a key that outlives it: the new key's expiry is capped at the creator's. */
export function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * The old half of a roll (project and organization keys alike): it points at its successor and works
 * only for the grace period (0: revoked now). Guarded by `replaced_by_key_id is null`, so of many
 * concurrent rolls exactly one wins; the losers get 409 `key_revoked`.
 */
export async function retireRolledKey(db: Executor, old: ApiKey, nextId: string, gracePeriodSeconds: number, now: Date): Promise<ApiKey> {
  const graceEnds = new Date(now.getTime() + gracePeriodSeconds * 1000);
  const updated = await db
    .updateTable("api_keys")
    .set(
      gracePeriodSeconds === 0
        ? { revoked_at: now, replaced_by_key_id: nextId }
        : { expires_at: earliest(old.expires_at, graceEnds), replaced_by_key_id: nextId },
    )
    .where("id", "=", old.id)
    .where("replaced_by_key_id", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new DomainError("key_revoked", "This key was already rolled.");
  return updated;
}

/** Whether a key no longer works at `now` (revoked, expired) or was rolled: it cannot be rolled again. */
export function assertRollable(old: ApiKey, now: Date): void {
  const ended =
    (old.revoked_at && old.revoked_at.getTime() <= now.getTime()) || (old.expires_at && old.expires_at.getTime() <= now.getTime());
  if (ended || old.replaced_by_key_id) {
    throw new DomainError("key_revoked", old.replaced_by_key_id ? "This key was already rolled." : "This key no longer works; create a new one instead.");
  }
}
