import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../logger.js";

/** What a counter needs from the app's dependencies: the database and a way to write after the response. */
export type CounterDeps = { db: Kysely<Database>; logger: Logger; defer(task: Promise<unknown>): void };

export type Bucket = {
  windowStart: number;
  /** The fleet-wide count the database returned at the last sync (it includes this instance's flushed hits). */
  known: number;
  /** Hits being added to the database right now. */
  inFlight: number;
  /** Hits counted here and not yet sent. */
  pending: number;
  lastSyncMs: number;
  /** The sync in flight, if any. */
  syncing: Promise<void> | null;
};

/**
 * Fixed-window request counts that every instance shares, without a database round trip per request.
 * Each instance counts hits in memory and adds them to the window's row in `rate_limits` (one upsert
 * that returns the fleet-wide total) at most every `syncMs`, or sooner once `syncEvery` hits are
 * waiting; requests never wait for it (the write is deferred). Windows are aligned to the epoch, so
 * every instance names the same one.
 *
 * What an instance answers is `known + inFlight + pending`: its own hits exactly, everyone else's as of
 * its last sync. So the fleet can admit more than the limit by at most, per other instance, the hits
 * it has not sent yet: fewer than `syncEvery`, plus those arriving during one database round trip
 * (or one `syncMs` at low rates). A failed sync is logged and its hits are sent again with the next.
 *
 * Memory is bounded: at most `maxBuckets` entries; when full, the oldest (scope by scope) are flushed and forgotten.
 */
export class SharedRateCounter {
  /**
   * scope ("api:key") → id → window entry. Keyed in two steps so the hot path looks an entry up by the
   * caller's id as it comes from the key cache (a string whose hash V8 already holds) instead of
   * hashing a freshly concatenated "scope:id" on every request; the row name is built at sync time.
   */
  private scopes = new Map<string, Map<string, Bucket>>();
  private count = 0;

  constructor(
    private readonly syncMs: number,
    private readonly maxBuckets = 100_000,
  ) {}

  /**
   * Counts one hit now and returns the window's entry for `scope:id`: `known + inFlight + pending` is
   * the fleet-wide count as this instance knows it; `pending + inFlight` what the database does not have yet.
   */
  hit(deps: CounterDeps, scope: string, id: string, windowSeconds: number, syncEvery: number, nowMs: number): Readonly<Bucket> {
    const windowMs = windowSeconds * 1000;
    const windowStart = nowMs - (nowMs % windowMs);
    let ids = this.scopes.get(scope);
    if (!ids) this.scopes.set(scope, (ids = new Map()));
    let bucket = ids.get(id);
    if (!bucket || bucket.windowStart !== windowStart) {
      if (!bucket) {
        this.makeRoom(deps, nowMs);
        this.count++;
      }
      bucket = { windowStart, known: 0, inFlight: 0, pending: 0, lastSyncMs: -Infinity, syncing: null };
      ids.set(id, bucket);
    }
    bucket.pending++;
    if (!bucket.syncing && (nowMs - bucket.lastSyncMs >= this.syncMs || bucket.pending >= syncEvery)) {
      void this.sync(deps, `${scope}:${id}`, bucket, nowMs);
    }
    return bucket;
  }

  /**
   * The window's count once this instance's hits so far are in the database: waits for the sync in
   * flight and sends what is waiting. For decisions near a limit, where an estimate is not enough.
   */
  async confirm(deps: CounterDeps, scope: string, id: string, nowMs: number): Promise<number> {
    const bucket = this.scopes.get(scope)?.get(id);
    if (!bucket) return 0;
    if (bucket.syncing) await bucket.syncing;
    if (bucket.pending > 0) await (bucket.syncing ?? this.sync(deps, `${scope}:${id}`, bucket, nowMs));
    return bucket.known + bucket.inFlight + bucket.pending;
  }

  /** Sends every waiting count now (tests, shutdown); resolves when the database has them all. */
  async flush(deps: CounterDeps, nowMs: number): Promise<void> {
    const one = async (name: string, bucket: Bucket) => {
      if (bucket.syncing) await bucket.syncing;
      if (bucket.pending > 0) await this.sync(deps, name, bucket, nowMs);
    };
    const all: Promise<void>[] = [];
    for (const [scope, ids] of this.scopes) for (const [id, bucket] of ids) all.push(one(`${scope}:${id}`, bucket));
    await Promise.all(all);
  }

  get size(): number {
    return this.count;
  }

  private sync(deps: CounterDeps, name: string, bucket: Bucket, nowMs: number): Promise<void> {
    const n = bucket.pending;
    bucket.pending = 0;
    bucket.inFlight += n;
    bucket.lastSyncMs = nowMs;
    const task = addHits(deps.db, name, new Date(bucket.windowStart), n).then(
      (total) => {
        bucket.inFlight -= n;
        // null: another instance already counts a later window in this row (its clock is ahead).
        bucket.known = total ?? bucket.known + n;
      },
      (err: unknown) => {
        bucket.inFlight -= n;
        bucket.pending += n;
        deps.logger.warn("could not share rate-limit counts", { bucket: name.split(":").slice(0, 2).join(":"), error: String(err) });
      },
    );
    const done = task.finally(() => {
      bucket.syncing = null;
    });
    bucket.syncing = done;
    deps.defer(done);
    return done;
  }

  /** Keeps the maps bounded: the oldest entries are flushed and dropped (a dropped one starts again from the database's count). */
  private makeRoom(deps: CounterDeps, nowMs: number): void {
    if (this.count < this.maxBuckets) return;
    const keep = Math.floor(this.maxBuckets * 0.9);
    for (const [scope, ids] of this.scopes) {
      for (const [id, bucket] of ids) {
        if (this.count <= keep) return;
        if (bucket.pending > 0 && !bucket.syncing) void this.sync(deps, `${scope}:${id}`, bucket, nowMs);
        ids.delete(id);
        this.count--;
      }
    }
  }
}

/**
 * Adds `n` hits to the window's row and returns the fleet-wide total, in one atomic upsert. A row from
 * an earlier window is restarted; a row already in a later window is left alone (null).
 */
async function addHits(db: Kysely<Database>, bucket: string, windowStart: Date, n: number): Promise<number | null> {
  const row = await db
    .insertInto("rate_limits")
    .values({ bucket, window_start: windowStart, hits: n })
    .onConflict((oc) =>
      oc.column("bucket").doUpdateSet({
        hits: sql`case
          when rate_limits.window_start = excluded.window_start then rate_limits.hits + excluded.hits
          when rate_limits.window_start < excluded.window_start then excluded.hits
          else rate_limits.hits end`,
        window_start: sql`greatest(rate_limits.window_start, excluded.window_start)`,
      }),
    )
    .returning(["hits", "window_start"])
    .executeTakeFirstOrThrow();
  return row.window_start.getTime() === windowStart.getTime() ? row.hits : null;
}
