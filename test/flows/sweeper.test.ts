import { beforeEach, describe, expect, it } from "vitest";
import { sweep, type SweepOptions } from "../../src/services/sweeper/sweep.js";
import { useTestContext } from "../support/context.js";
import { org, provision, type Provisioned } from "../support/factories.js";
import { call } from "../support/http.js";
import { leftoversOf } from "../support/leftovers.js";

// The /v1 rate limiter keeps its own windows, which the housekeeping steps purge in batches of their own;
// switched off here so the batch counts below are the provisions' alone.
const ctx = useTestContext({ RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_PER_ORGANIZATION: "0", RATE_LIMIT_PER_IP: "0" });

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const run = (opts: SweepOptions = {}) => sweep(ctx.deps, opts);

/**
 * Sweeps are global, so each test starts from a slate with nothing due: everything earlier tests left
 * pending or finished is swept and purged (a sweep as of a year from now), claimed ones excepted.
 */
beforeEach(async () => {
  await run({ now: new Date(ctx.clock.now().getTime() + 365 * DAY) });
});

const leftovers = (p: { userId: string; projectId: string }) => leftoversOf(ctx, p);

const NOTHING_LEFT = { users: 0, memberships: 0, projects: 0, agents: 0, keys: 0 };

const row = (id: string) => ctx.db.selectFrom("provisions").selectAll().where("id", "=", id).executeTakeFirst();

const auditOf = (id: string) =>
  ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", id).orderBy("created_at").execute();

/** Leaves a provision as a crash between its status change and its deletes would: resources still there. */
async function interrupt(p: Provisioned, status: "cancelled" | "expired") {
  const now = ctx.clock.now();
  await ctx.db
    .updateTable("provisions")
    .set(status === "cancelled" ? { status, cancelled_at: now, updated_at: now } : { status, expired_at: now, updated_at: now })
    .where("id", "=", p.id)
    .execute();
  ctx.deps.keyCache.invalidateProject(p.projectId);
}

describe("sweeper", () => {
  it("removes an expired provision whole; its key answers 401 before and after the sweep", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { expiresIn: 3600 });
    // Everything the project grew before expiring goes too.
    expect((await call(ctx, "POST", "/v1/agents", { key: p.apiKey, body: { name: "Helper", identifier: "helper" } })).status).toBe(201);
    const extra = await call(ctx, "POST", "/v1/keys", { key: p.apiKey, body: { name: "CI" } });
    expect(extra.status).toBe(201);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200); // cached from here on

    ctx.clock.advance(HOUR);
    const before = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
    expect(before.status).toBe(401);
    expect(before.body.code).toBe("provision_expired"); // decided at request time, not by the sweeper
    expect(await leftovers(p)).not.toEqual(NOTHING_LEFT);

    ctx.clock.advance(5000);
    const result = await run();
    expect(result).toMatchObject({ expired: 1, cleaned: 0, purged: 0, batches: 1, complete: true });

    expect(await leftovers(p)).toEqual(NOTHING_LEFT);
    for (const key of [p.apiKey, extra.body.key]) {
      const after = await call(ctx, "GET", "/v1/me", { key });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe("invalid_api_key"); // the key row is gone, and so is its cache entry
    }
    const record = await row(p.id);
    expect(record).toMatchObject({
      status: "expired",
      expired_at: new Date(p.expiresAt), // when it expired, not when the sweeper noticed
      resources_deleted_at: ctx.clock.now(),
    });
    const events = await auditOf(p.id);
    expect(events.map((e) => e.action)).toEqual(["provision.created", "provision.expired"]);
    expect(events[1]).toMatchObject({ actor_type: "system", actor_id: "sweeper", organization_id: o.organizationId });
    expect(events[1]!.metadata).toEqual({
      expiresAt: p.expiresAt,
      userId: p.userId,
      projectId: p.projectId,
      agentId: p.agentId,
      apiKeyId: p.apiKeyId,
    });

    const listed = await call(ctx, "GET", "/v1/team/provisions?status=expired", { key: o.adminKey });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: p.id, status: "expired", expiredAt: p.expiresAt })]);
    expect(JSON.stringify(listed.body)).not.toContain(p.apiKey);
  });

  it("never touches a claimed provision, nor a pending one not yet expired", async () => {
    const o = await org(ctx);
    const pending = await provision(ctx, o); // 7 days
    const claimed = await provision(ctx, o, { expiresIn: 3600 });
    // Claiming is not built yet: put the row in the state a claim leaves it in.
    await ctx.db
      .updateTable("provisions")
      .set({ status: "claimed", claimed_at: ctx.clock.now(), claimed_by_user_id: claimed.userId })
      .where("id", "=", claimed.id)
      .execute();
    const claimedBefore = await row(claimed.id);
    const pendingBefore = await row(pending.id);

    ctx.clock.advance(2 * HOUR);
    expect(await run()).toMatchObject({ expired: 0, cleaned: 0, purged: 0 });
    expect(await row(pending.id)).toEqual(pendingBefore);
    expect(await leftovers(pending)).toEqual({ users: 1, memberships: 1, projects: 1, agents: 1, keys: 1 });
    expect((await call(ctx, "GET", "/v1/me", { key: pending.apiKey })).status).toBe(200);

    // Long past its expiry and any retention period, the claimed one is still exactly as it was.
    ctx.clock.advance(90 * DAY);
    await run();
    expect(await row(claimed.id)).toEqual(claimedBefore);
    expect(await leftovers(claimed)).toEqual({ users: 1, memberships: 1, projects: 1, agents: 1, keys: 1 });
    expect((await call(ctx, "GET", "/v1/me", { key: claimed.apiKey })).status).toBe(200);
    expect((await auditOf(claimed.id)).map((e) => e.action)).toEqual(["provision.created"]);
  });

  it("finishes an interrupted cancel (and an interrupted expiry): resources left behind are removed", async () => {
    const o = await org(ctx);
    const cancelled = await provision(ctx, o);
    const expired = await provision(ctx, o);
    await interrupt(cancelled, "cancelled");
    await interrupt(expired, "expired");
    expect(await leftovers(cancelled)).not.toEqual(NOTHING_LEFT);
    expect((await call(ctx, "GET", "/v1/me", { key: cancelled.apiKey })).body.code).toBe("provision_cancelled");

    ctx.clock.advance(1000);
    expect(await run()).toMatchObject({ expired: 0, cleaned: 2, batches: 1 });
    for (const p of [cancelled, expired]) {
      expect(await leftovers(p)).toEqual(NOTHING_LEFT);
      expect(await row(p.id)).toMatchObject({ resources_deleted_at: ctx.clock.now() });
      const finished = (await auditOf(p.id)).filter((e) => e.action === "provision.cleanup_finished");
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({ actor_type: "system", actor_id: "sweeper" });
    }
    expect((await row(cancelled.id))?.status).toBe("cancelled");
    expect((await row(expired.id))?.status).toBe("expired");
    expect((await call(ctx, "GET", "/v1/me", { key: cancelled.apiKey })).status).toBe(401);
  });

  it("purges finished records after PROVISION_RETENTION_DAYS (default 30); audit events stay", async () => {
    const o = await org(ctx);
    const cancelled = await provision(ctx, o);
    expect((await call(ctx, "DELETE", `/v1/team/provisions/${cancelled.id}`, { key: o.adminKey })).status).toBe(200);
    const expired = await provision(ctx, o, { expiresIn: 3600 });
    const expiredAt = new Date(expired.expiresAt).getTime();
    ctx.clock.advance(2 * HOUR);
    expect(await run()).toMatchObject({ expired: 1, purged: 0 });

    // 30 days after the cancel, but not yet 30 days after the expiry.
    ctx.clock.set(new Date(expiredAt + 30 * DAY - 1));
    expect(await run()).toMatchObject({ purged: 1 });
    expect(await row(cancelled.id)).toBeUndefined();
    expect(await row(expired.id)).toBeDefined();

    ctx.clock.advance(1);
    expect(await run()).toMatchObject({ purged: 0 }); // strictly older than the retention period
    ctx.clock.advance(1);
    expect(await run()).toMatchObject({ purged: 1 });
    expect(await row(expired.id)).toBeUndefined();
    expect((await call(ctx, "GET", `/v1/team/provisions/${expired.id}`, { key: o.adminKey })).status).toBe(404);

    expect((await auditOf(cancelled.id)).map((e) => e.action)).toEqual(["provision.created", "provision.cancelled"]);
    expect((await auditOf(expired.id)).map((e) => e.action)).toEqual(["provision.created", "provision.expired"]);
  });

  it("takes the retention period from the configuration", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    ctx.clock.advance(DAY + 1);
    expect(await run()).toMatchObject({ purged: 0 });
    const oneDay = { ...ctx.deps, config: { ...ctx.config, provisionRetentionDays: 1 } };
    expect(await sweep(oneDay)).toMatchObject({ purged: 1 });
    expect(await row(p.id)).toBeUndefined();
  });

  it("forgets Idempotency-Keys after 24 hours, not before", async () => {
    const o = await org(ctx);
    const send = () =>
      call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: {}, headers: { "idempotency-key": "onboarding-42" } });
    const first = await send();
    expect(first.status).toBe(201);
    const stored = () =>
      ctx.db.selectFrom("idempotency_keys").select("idempotency_key").where("organization_id", "=", o.organizationId).execute();

    ctx.clock.advance(24 * HOUR - 1);
    expect(await run()).toMatchObject({ idempotencyKeysPurged: 0 });
    expect((await send()).body.id).toBe(first.body.id); // still a replay
    ctx.clock.advance(2);
    expect(await run()).toMatchObject({ idempotencyKeysPurged: 1 });
    expect(await stored()).toEqual([]);
  });

  it("changes nothing when run a second time", async () => {
    const o = await org(ctx);
    await provision(ctx, o, { expiresIn: 60 });
    await provision(ctx, o, { expiresIn: 60 });
    await interrupt(await provision(ctx, o), "cancelled");
    const old = await provision(ctx, o);
    await call(ctx, "DELETE", `/v1/team/provisions/${old.id}`, { key: o.adminKey });
    await provision(ctx, o); // still pending
    ctx.clock.advance(31 * DAY);
    // Renewed so it stays pending beside the ones that expire.
    const live = await provision(ctx, o);

    const snapshot = async () => {
      const tables = ["users", "memberships", "projects", "agents", "api_keys", "provisions", "audit_events"] as const;
      const counts: Record<string, unknown> = {};
      for (const t of tables) counts[t] = await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      const provisions = await ctx.db.selectFrom("provisions").selectAll().where("organization_id", "=", o.organizationId).orderBy("id").execute();
      return { counts: JSON.stringify(counts), provisions };
    };

    const first = await run();
    expect(first.expired + first.cleaned + first.purged).toBeGreaterThan(0);
    const afterFirst = await snapshot();
    const second = await run();
    expect(second).toMatchObject({ expired: 0, cleaned: 0, purged: 0, idempotencyKeysPurged: 0, batches: 0, complete: true });
    expect(await snapshot()).toEqual(afterFirst);
    expect((await call(ctx, "GET", "/v1/me", { key: live.apiKey })).status).toBe(200);
  });

  it("respects its time budget, and the next run carries on where it stopped", async () => {
    const o = await org(ctx);
    const made: Provisioned[] = [];
    for (let i = 0; i < 23; i++) made.push(await provision(ctx, o, { expiresIn: 60 }));
    ctx.clock.advance(HOUR);

    // Each batch "takes" 400 ms of the injected clock: batches start at 0, 400 and 800 ms; none at 1200.
    // One worker, so batches follow one another.
    const batches: number[] = [];
    const partial = await run({
      concurrency: 1,
      batchSize: 5,
      timeBudgetMs: 1000,
      onBatch: (c) => {
        batches.push(c.expired);
        ctx.clock.advance(400);
      },
    });
    expect(batches).toEqual([5, 10, 15]);
    expect(partial).toMatchObject({ expired: 15, batches: 3, ms: 1200, complete: false });

    const rest = await run({ concurrency: 1, batchSize: 5, timeBudgetMs: 1000 });
    expect(rest).toMatchObject({ expired: 8, batches: 2, complete: true });
    for (const p of made) expect(await leftovers(p)).toEqual(NOTHING_LEFT);
  });

  it("never takes more than batchSize rows in one transaction, whatever the kind of work", async () => {
    const o = await org(ctx);
    const send = (n: number) =>
      call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { expiresIn: 60 }, headers: { "idempotency-key": `k-${n}` } });
    for (let i = 0; i < 7; i++) expect((await send(i)).status).toBe(201); // 7 to expire, 7 idempotency keys
    for (let i = 0; i < 7; i++) await interrupt(await provision(ctx, o), "cancelled"); // 7 to clean
    ctx.clock.advance(2 * HOUR);
    const steps: Record<string, number>[] = [];
    let last = { expired: 0, cleaned: 0, purged: 0, idempotencyKeysPurged: 0 };
    const track = (c: typeof last) => {
      steps.push({
        expired: c.expired - last.expired,
        cleaned: c.cleaned - last.cleaned,
        purged: c.purged - last.purged,
        idempotencyKeysPurged: c.idempotencyKeysPurged - last.idempotencyKeysPurged,
      });
      last = { ...c };
    };
    expect(await run({ batchSize: 3, onBatch: track })).toMatchObject({ expired: 7, cleaned: 7, batches: 6 });
    ctx.clock.advance(31 * DAY); // everything above is now past retention, and the keys past 24 h
    last = { expired: 0, cleaned: 0, purged: 0, idempotencyKeysPurged: 0 };
    expect(await run({ batchSize: 3, onBatch: track })).toMatchObject({ purged: 14, idempotencyKeysPurged: 7, batches: 8 });
    for (const step of steps) {
      const sizes = Object.values(step).filter((n) => n > 0);
      expect(sizes).toHaveLength(1); // one kind of work per transaction
      expect(sizes[0]).toBeLessThanOrEqual(3);
    }
  });

  it("shares the work between its workers: every row once, no batch over the limit, nothing left", async () => {
    const o = await org(ctx);
    const made: Provisioned[] = [];
    for (let i = 0; i < 26; i++) made.push(await provision(ctx, o, { expiresIn: 60 }));
    ctx.clock.advance(HOUR);
    const sizes: number[] = [];
    let seen = 0;
    const result = await run({
      concurrency: 4,
      batchSize: 4,
      onBatch: (c) => {
        sizes.push(c.expired - seen);
        seen = c.expired;
      },
    });
    expect(result).toMatchObject({ expired: 26, complete: true });
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(26);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    for (const p of made) expect(await leftovers(p)).toEqual(NOTHING_LEFT);
    const events = await ctx.db
      .selectFrom("audit_events")
      .select("target_id")
      .where("organization_id", "=", o.organizationId)
      .where("action", "=", "provision.expired")
      .execute();
    expect(new Set(events.map((e) => e.target_id)).size).toBe(26);
    expect(events).toHaveLength(26);
  });

  it("fails as a whole when a batch fails: the other workers stop, committed batches stay, the next run finishes", async () => {
    const o = await org(ctx);
    const made: Provisioned[] = [];
    for (let i = 0; i < 12; i++) made.push(await provision(ctx, o, { expiresIn: 60 }));
    ctx.clock.advance(HOUR);
    // The third transaction fails, as a lost connection would.
    let transactions = 0;
    const flaky = new Proxy(ctx.db, {
      get(target, prop, receiver) {
        if (prop !== "transaction") return Reflect.get(target, prop, receiver);
        return () => ({
          execute: async (fn: Parameters<ReturnType<typeof ctx.db.transaction>["execute"]>[0]) => {
            if (++transactions === 3) throw new Error("Connection terminated unexpectedly");
            return target.transaction().execute(fn);
          },
        });
      },
    });
    await expect(sweep({ ...ctx.deps, db: flaky }, { batchSize: 2, concurrency: 3 })).rejects.toThrow("Connection terminated");
    const startedBeforeFailure = transactions;
    await ctx.db.selectFrom("provisions").select("id").limit(1).execute(); // let any stray worker show itself
    expect(transactions).toBe(startedBeforeFailure);
    expect(transactions).toBeLessThanOrEqual(4); // the failed one and at most the batches already in flight

    const left = await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", o.organizationId).where("status", "=", "pending").execute();
    expect(left.length).toBeGreaterThan(0);
    expect(await run()).toMatchObject({ expired: left.length, complete: true });
    for (const p of made) expect(await leftovers(p)).toEqual(NOTHING_LEFT);
  });

  it("stops before its next batch when asked to (shutdown)", async () => {
    const o = await org(ctx);
    for (let i = 0; i < 4; i++) await provision(ctx, o, { expiresIn: 60 });
    ctx.clock.advance(HOUR);
    const abort = new AbortController();
    const result = await run({ concurrency: 1, batchSize: 2, signal: abort.signal, onBatch: () => abort.abort() });
    expect(result).toMatchObject({ expired: 2, batches: 1, complete: false });
    expect(await run()).toMatchObject({ expired: 2, complete: true });
  });
});
