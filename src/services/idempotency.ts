import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.js";
import { sha256Hex } from "../domain/encoding.js";
import { open, seal } from "../domain/sealed.js";
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
 * rolls back its key with it, so the client may simply retry. The stored response is sealed with a
 * server secret because it contains a freshly issued API key.
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
  const [signer] = deps.signingSecrets;
  return deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("idempotency_keys")
      .values({
        organization_id: scope.organizationId,
        principal_id: scope.principalId,
        idempotency_key: idempotencyKey,
        operation: scope.operation,
        request_hash: hash,
        created_at: deps.clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning("idempotency_key")
      .executeTakeFirst();

    if (claimed) {
      const result = await work(trx);
      const ciphertext = await seal(JSON.stringify(result.body), signer!.secret, context);
      await trx
        .updateTable("idempotency_keys")
        .set({ status_code: result.status, response_ciphertext: `${signer!.id}:${ciphertext}` })
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
    const body = await openStored(previous.response_ciphertext, deps.signingSecrets, context);
    if (body === null) {
      throw new DomainError("idempotency_key_reused", "The response stored for this Idempotency-Key can no longer be read; use a new key.");
    }
    return { status: previous.status_code, body: JSON.parse(body) as T, replayed: true };
  });
}

async function openStored(stored: string, secrets: AppDeps["signingSecrets"], context: string) {
  const at = stored.indexOf(":");
  const secret = secrets.find((s) => s.id === stored.slice(0, at));
  return secret ? open(stored.slice(at + 1), secret.secret, context) : null;
}
