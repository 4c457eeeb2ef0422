import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.js";
import { sha256Hex } from "../domain/encoding.js";
import { IDEMPOTENCY_KEY_TTL_MS } from "../domain/sweep-rules.js";
import { openWith, sealWith } from "./sealing.js";
import type { AppDeps } from "../deps.js";
import { DomainError } from "../domain/errors.js";

export type StoredResponse<T> = { status: number; body: T; replayed: boolean };

type Scope = { organizationId: string; principalId: string; operation: string };

/** A stable hash of the request: the same fields in any order hash alike. */
export function requestHash(input: unknown): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : Array.isArray(v)
        ? v.map(canonical)
        : v;
  return sha256Hex(JSON.stringify(canonical(input)));
}

/**
 * Runs `work` once per Idempotency-Key. The key row is inserted in the same transaction as the work:
 * a concurrent request with the same key waits on that insert (PostgreSQL's unique check) and then
 * finds the committed response, so 20 simultaneous retries still create one thing. A failed attempt
 * rolls back its key with it, so the client may simply retry. The stored response holds a freshly
 * issued API key, so it is sealed with a key the database never holds (deps.sealingKeys); without one,
 * nothing replayable is kept and a replay is refused (never served, never run twice).
 */
export async function runIdempotent<T>(
  deps: AppDeps,
  scope: Scope,
  idempotencyKey: string | undefined,
  input: unknown,
  work: (trx: Transaction<Database>) => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (idempotencyKey === undefined) {
    const result = await deps.db.transaction().execute(work);
    return { ...result, replayed: false };
  }
  const hash = await requestHash({ operation: scope.operation, input });
  const context = `idempotency:${scope.organizationId}:${scope.principalId}:${idempotencyKey}`;
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    // A key older than 24 h is never replayed, whether or not the sweeper has removed it yet: the
    // stale row is taken over (atomically, under the same unique check) and the request runs anew.
    const staleBefore = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
    const claimed = await trx
      .insertInto("idempotency_keys")
      .values({
        organization_id: scope.organizationId,
        principal_id: scope.principalId,
        idempotency_key: idempotencyKey,
        operation: scope.operation,
        request_hash: hash,
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(["organization_id", "principal_id", "idempotency_key"])
          .doUpdateSet({ operation: scope.operation, request_hash: hash, status_code: null, response_ciphertext: null, created_at: now })
          .where("idempotency_keys.created_at", "<", staleBefore),
      )
      .returning("idempotency_key")
      .executeTakeFirst();

    if (claimed) {
      const result = await work(trx);
      const stored = (await sealWith(deps.sealingKeys, JSON.stringify(result.body), context)) ?? NOT_KEPT;
      await trx
        .updateTable("idempotency_keys")
        .set({ status_code: result.status, response_ciphertext: stored })
        .where("organization_id", "=", scope.organizationId)
        .where("principal_id", "=", scope.principalId)
        .where("idempotency_key", "=", idempotencyKey)
        .execute();
      return { ...result, replayed: false };
    }

    const previous = await trx
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("organization_id", "=", scope.organizationId)
      .where("principal_id", "=", scope.principalId)
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirstOrThrow();
    if (previous.request_hash !== hash) {
      throw new DomainError(
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
      );
    }
    if (previous.status_code === null || previous.response_ciphertext === null) {
      throw new DomainError("idempotency_key_in_use", "Retry once the first request with this key has finished.");
    }
    if (previous.response_ciphertext === NOT_KEPT) {
      throw new DomainError(
        "idempotency_key_reused",
        "The first request with this Idempotency-Key succeeded, but this server keeps no replayable response (HANDOFF_SEALING_KEY is not set); use a new key.",
      );
    }
    const body = await openWith(deps.sealingKeys, previous.response_ciphertext, context);
    if (body === null) {
      throw new DomainError("idempotency_key_reused", "The response stored for this Idempotency-Key can no longer be read; use a new key.");
    }
    return { status: previous.status_code, body: JSON.parse(body) as T, replayed: true };
  });
}

/** What is stored instead of a sealed response when there is no sealing key. */
const NOT_KEPT = "-";
