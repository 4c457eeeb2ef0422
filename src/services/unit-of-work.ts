import type { Insertable, Transaction } from "kysely";
import type { AuditEventsTable, Database } from "../../db/schema.js";
import { actorRef, type Actor, type ActorContext } from "../domain/actors.js";
import { accessAlertFor } from "../domain/access-alerts.js";
import type { AuditAction } from "../domain/audit-catalogue.js";
import { DomainError } from "../domain/errors.js";
import type { AppDeps } from "../deps.js";
import { auditRow } from "./audit.js";
import { applyInvalidation, isEmpty, mergeInvalidation, publishInvalidation, type Invalidation } from "./key-cache-sync.js";
import { runIdempotent, type StoredResponse } from "./idempotency.js";
import { mailAccessAlert } from "./audit-trail/alert-mail.js";
import { deliverWebhooks } from "./webhooks/deliver.js";
import { queueWebhooks } from "./webhooks/fan-out.js";

/**
 * The one way state changes. A service states its rule and its guarded update inside `change`; the
 * unit decides the rest:
 * - the transaction: its own, or the caller's when `within` is given (a service calling another);
 * - the Idempotency-Key, when `idempotency` is given: the first answer is stored (sealed) in the same
 *   transaction and a retry gets it back, `replayed`, without running the work again;
 * - the audit trail: `unit.audit(…)` writes the event from the ActorContext (who, which organization,
 *   which request, when) — the one place where every recorded change passes, so every event fans
 *   out to the webhook outbox here (and a raise of privilege gets its alert);
 * - what must happen only after commit (`unit.afterCommit`): the first delivery attempt of mail and
 *   webhooks. A joined unit's effects wait for the outermost commit; a rollback drops them;
 * - key-cache invalidation (`unit.invalidate`): announced in the transaction on the key-cache channel
 *   (a NOTIFY, delivered to every instance only if it commits) and applied to this instance's cache
 *   right after commit.
 */
export type Unit = {
  trx: Transaction<Database>;
  /** The moment this change acts as of: the context's `now`, else the clock when the unit began. */
  now: Date;
  actor: Actor;
  ctx: ActorContext;
  /**
   * Appends an audit event in this transaction. `as` names another organization or actor than the
   * context's, for changes that only learn them inside (a claim learns the organization from its link,
   * a sign-up the new account's id).
   */
  audit(action: AuditAction, target: AuditTarget, metadata?: Record<string, unknown>, as?: AuditAs): Promise<void>;
  /**
   * The same event as a row, for a change that writes everything in one statement (a provision's
   * data-modifying CTEs); `audit` is this row, inserted.
   */
  auditEvent(action: AuditAction, target: AuditTarget, metadata?: Record<string, unknown>, as?: AuditAs): Insertable<AuditEventsTable>;
  /**
   * Fans events out to the webhook outbox. `audit` does it for what it writes; a change that wrote
   * events by a statement of its own (`auditEvent` in a CTE, the sweeper's batch events) calls this.
   */
  announce(eventIds: readonly string[]): Promise<void>;
  /** Runs `effect` once the outermost transaction has committed (never when it rolls back). */
  afterCommit(effect: () => void): void;
  /** Keys this change makes stale: dropped from every instance's key cache once it commits. */
  invalidate(inv: Invalidation): void;
};

export type AuditTarget = { type: string; id: string };
export type AuditAs = { organizationId?: string; actor?: Actor };

export type Idempotency = {
  /** The client's Idempotency-Key; undefined: the work simply runs. */
  key: string | undefined;
  /** What the key is for (`keys.create`, `provisions.create`): a key used for another operation is refused. */
  operation: string;
  /** The request as the client sent it: a retry with another input is refused. */
  input: unknown;
};

export type ChangeOptions = { within?: Unit | undefined };

export type Reply<T> = { status: number; body: T };

export function change<T>(
  deps: AppDeps,
  ctx: ActorContext,
  opts: ChangeOptions & { idempotency: Idempotency },
  work: (unit: Unit) => Promise<Reply<T>>,
): Promise<StoredResponse<T>>;
export function change<T>(deps: AppDeps, ctx: ActorContext, opts: ChangeOptions, work: (unit: Unit) => Promise<T>): Promise<T>;
export async function change<T>(
  deps: AppDeps,
  ctx: ActorContext,
  opts: ChangeOptions & { idempotency?: Idempotency },
  work: (unit: Unit) => Promise<T | Reply<T>>,
): Promise<T | StoredResponse<T>> {
  if (opts.within) {
    if (opts.idempotency) throw new Error("An Idempotency-Key applies to the outermost unit of work only");
    // One change, one moment: a joined unit acts as of its caller's time.
    const outer = opts.within;
    return work(unitFor(deps, { ...ctx, now: ctx.now ?? outer.now }, outer.trx, outer.afterCommit, outer.invalidate)) as Promise<T>;
  }
  const effects: Array<() => void> = [];
  const enqueue = (effect: () => void) => void effects.push(effect);
  const stale: Invalidation = {};
  const invalidate = (inv: Invalidation) => mergeInvalidation(stale, inv);
  // Last statement of the transaction: the NOTIFY leaves with the commit, or not at all.
  const announced = async <R>(trx: Transaction<Database>, result: R): Promise<R> => {
    if (deps.keyCacheChannel && !isEmpty(stale)) await publishInvalidation(trx, deps.keyCacheChannel, stale);
    return result;
  };
  let result: T | StoredResponse<T>;
  if (opts.idempotency) {
    const idem = opts.idempotency;
    result = await runIdempotent<T>(
      deps,
      { organizationId: requireOrganization(ctx), principalId: idempotencyScopeOf(ctx.actor), operation: idem.operation },
      idem.key,
      idem.input,
      async (trx) => announced(trx, (await work(unitFor(deps, ctx, trx, enqueue, invalidate))) as Reply<T>),
    );
  } else {
    result = (await deps.db.transaction().execute(async (trx) => announced(trx, await work(unitFor(deps, ctx, trx, enqueue, invalidate))))) as T;
  }
  if (!isEmpty(stale)) applyInvalidation(deps.keyCache, stale);
  // The change is committed: an effect that fails is logged, never turned into a failed request.
  for (const effect of effects) {
    try {
      effect();
    } catch (err) {
      deps.logger.error("after-commit effect failed", { requestId: ctx.requestId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

function unitFor(
  deps: AppDeps,
  ctx: ActorContext,
  trx: Transaction<Database>,
  afterCommit: (effect: () => void) => void,
  invalidate: (inv: Invalidation) => void,
): Unit {
  const now = ctx.now ?? deps.clock.now();
  const auditEvent: Unit["auditEvent"] = (action, target, metadata, as) =>
    auditRow({
      organizationId: as?.organizationId ?? requireOrganization(ctx),
      actor: actorRef(as?.actor ?? ctx.actor),
      action,
      target,
      requestId: ctx.requestId,
      ...(metadata ? { metadata } : {}),
      at: now,
    });
  // Every recorded event fans out to the webhook endpoints subscribed to it, in this transaction;
  // the first attempt is made right after commit, the delivery job retries.
  const announce: Unit["announce"] = async (eventIds) => {
    const deliveries = await queueWebhooks(trx, eventIds, now);
    if (deliveries.length > 0) afterCommit(() => deps.defer(deliverWebhooks(deps, deps.clock.now(), { ids: deliveries })));
  };
  const unit: Unit = {
    trx,
    now,
    actor: ctx.actor,
    ctx,
    afterCommit,
    invalidate,
    auditEvent,
    audit: async (action, target, metadata, as) => {
      const row = auditEvent(action, target, metadata, as);
      const rows = [row];
      // A raise of privilege, wherever it happens, is followed by its alert in the same transaction.
      const alert = accessAlertFor(action, target, metadata, actorRef(as?.actor ?? ctx.actor));
      if (alert) {
        const alertTarget = alert.userId ? { type: "user", id: alert.userId } : target;
        rows.push(auditEvent("alert.access_changed", alertTarget, { ...alert, causeEventId: row.id }, as));
      }
      await trx.insertInto("audit_events").values(rows).execute();
      await announce(rows.map((r) => r.id));
      // …and mailed to every owner (when mail is configured; the Activity page shows it either way).
      if (alert) await mailAccessAlert(deps, unit, rows[0]!.organization_id, alert);
    },
    announce,
  };
  return unit;
}

function requireOrganization(ctx: ActorContext): string {
  if (!ctx.organizationId) throw new DomainError("internal_error", "This change needs an organization in its context.");
  return ctx.organizationId;
}

/** The identity an Idempotency-Key is scoped to: the key or the person that sent it. */
function idempotencyScopeOf(actor: Actor): string {
  const ref = actorRef(actor);
  if (!ref.id) throw new DomainError("internal_error", "An Idempotency-Key needs an identified actor.");
  return ref.id;
}
