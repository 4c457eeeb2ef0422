import type { ExpressionBuilder, Selectable } from "kysely";
import type { Database, MailOutboxTable } from "../../../db/schema.js";
import { DELIVERY_LEASE_MS, failureReason, nextAttemptAfter } from "../../domain/delivery.js";
import type { AppDeps } from "../../deps.js";
import { openWith } from "../sealing.js";
import { payloadContext, type MailMessage } from "./outbox.js";

type Row = Selectable<MailOutboxTable>;

export type MailRun = { attempted: number; sent: number; retrying: number; failed: number };

const NONE: MailRun = { attempted: 0, sent: 0, retrying: 0, failed: 0 };

/**
 * Claims due messages with one guarded update and sends each. A row is claimed (`queued` → `sending`,
 * attempts + 1, a lease) only where it is still queued and due, under FOR UPDATE SKIP LOCKED: however
 * many workers run at once — the after-commit attempt, the job on every instance — each row goes to
 * exactly one of them. A row whose worker died mid-attempt is claimed again once its lease lapses.
 * `ids` limits the claim to given rows (the first attempt after commit).
 */
export async function deliverMail(deps: AppDeps, now: Date, opts: { limit?: number; ids?: string[] } = {}): Promise<MailRun> {
  const mailer = deps.mailer;
  const from = deps.config.mail?.from;
  if (!mailer || !from) return NONE;
  const claimed = await claimDue(deps, now, opts.limit ?? 50, opts.ids);
  const run = { ...NONE, attempted: claimed.length };
  for (const row of claimed) {
    const outcome = await attempt(deps, row, from);
    run[outcome] += 1;
  }
  return run;
}

async function claimDue(deps: AppDeps, now: Date, limit: number, ids: string[] | undefined): Promise<Row[]> {
  const due = (eb: ExpressionBuilder<Database, "mail_outbox">) =>
    eb.or([
      eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", now)]),
      eb.and([eb("status", "=", "sending"), eb("lease_until", "<=", now)]),
    ]);
  return deps.db
    .updateTable("mail_outbox")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), lease_until: new Date(now.getTime() + DELIVERY_LEASE_MS), updated_at: now }))
    .where("id", "in", (eb) => {
      let pick = eb.selectFrom("mail_outbox").select("id").where(due).orderBy("next_attempt_at").limit(limit).forUpdate().skipLocked();
      if (ids) pick = pick.where("id", "in", ids);
      return pick;
    })
    // The guard again: a row claimed by another worker since this one's snapshot is not taken twice.
    .where(due)
    .returningAll()
    .execute();
}

async function attempt(deps: AppDeps, row: Row, from: string): Promise<"sent" | "retrying" | "failed"> {
  const plain = row.payload ? await openWith(deps.sealingKeys, row.payload, payloadContext(row.id)) : null;
  if (plain === null) {
    // Not a transient failure: no retry can read it (the sealing key that sealed it was removed).
    await finish(deps, row, { status: "failed", last_error: "the message can no longer be read: the sealing key that sealed it is gone" });
    return "failed";
  }
  const message = JSON.parse(plain) as MailMessage;
  try {
    await deps.mailer!.send({ id: row.id, from, to: row.recipient, ...message });
  } catch (err) {
    const reason = failureReason(err);
    const next = nextAttemptAfter(row.attempts, deps.clock.now());
    deps.logger.warn("mail not delivered", { mailId: row.id, kind: row.kind, attempts: row.attempts, willRetry: next !== null, error: reason });
    if (next) {
      await finish(deps, row, { status: "queued", next_attempt_at: next, last_error: reason });
      return "retrying";
    }
    await finish(deps, row, { status: "failed", last_error: reason });
    return "failed";
  }
  await finish(deps, row, { status: "sent", sent_at: deps.clock.now(), last_error: null });
  deps.logger.info("mail sent", { mailId: row.id, kind: row.kind, attempts: row.attempts, transport: deps.mailer!.kind });
  return "sent";
}

/**
 * Ends this worker's attempt, guarded by its claim (still `sending`, with this attempt's count): a
 * worker whose lease lapsed and was taken over changes nothing. A message that is done (sent or given
 * up) drops its sealed payload — the link in it is nobody's business any more.
 */
async function finish(
  deps: AppDeps,
  row: Row,
  set: { status: "queued" | "sent" | "failed"; next_attempt_at?: Date; sent_at?: Date; last_error: string | null },
): Promise<void> {
  await deps.db
    .updateTable("mail_outbox")
    .set({ ...set, lease_until: null, updated_at: deps.clock.now(), ...(set.status === "queued" ? {} : { payload: null }) })
    .where("id", "=", row.id)
    .where("status", "=", "sending")
    .where("attempts", "=", row.attempts)
    .execute();
}
