// TEMPORARY until the foundation branch lands (it brings the real unit of work): the same shape.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Actor, ActorContext } from "../domain/actors.js";
import type { AppDeps } from "../deps.js";
import { actorOf } from "../http/principal.js";
import { recordAudit } from "./audit.js";

export type AuditTarget = { type: string; id: string };
export type AuditAs = { organizationId?: string; actor?: Actor };

export type Unit = {
  trx: Transaction<Database>;
  now: Date;
  actor: Actor;
  ctx: ActorContext;
  audit(action: string, target: AuditTarget, metadata?: Record<string, unknown>, as?: AuditAs): Promise<void>;
  afterCommit(effect: () => void): void;
};

function ref(a: Actor) {
  return a.kind === "user" || a.kind === "system" ? { type: a.kind, id: a.kind === "user" ? a.userId : a.id } : actorOf(a);
}

export async function change<T>(deps: AppDeps, ctx: ActorContext, opts: { within?: Unit | undefined }, work: (unit: Unit) => Promise<T>): Promise<T> {
  const make = (trx: Transaction<Database>, afterCommit: (e: () => void) => void, now: Date): Unit => ({
    trx,
    now,
    actor: ctx.actor,
    ctx,
    afterCommit,
    audit: (action, target, metadata, as) =>
      recordAudit(trx, {
        organizationId: as?.organizationId ?? ctx.organizationId!,
        actor: ref(as?.actor ?? ctx.actor),
        action,
        target,
        requestId: ctx.requestId,
        ...(metadata ? { metadata } : {}),
        at: now,
      }),
  });
  if (opts.within) return work(make(opts.within.trx, opts.within.afterCommit, ctx.now ?? opts.within.now));
  const effects: Array<() => void> = [];
  const result = await deps.db.transaction().execute((trx) => work(make(trx, (e) => void effects.push(e), ctx.now ?? deps.clock.now())));
  for (const e of effects) e();
  return result;
}
