import { describe, expect, it } from "vitest";
import { Handoff, HandoffError } from "../../sdk/src/index.js";
import { backoffDelay, DEFAULT_BACKOFF } from "../../sdk/src/retry.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { appFetch, problem, scripted, serveApp } from "./support.js";

const ctx = useTestContext();

/** A client of the in-process app through a scripted fetch; retries wait a millisecond. */
function flaky(apiKey: string, script: Parameters<typeof scripted>[1], options: { maxRetries?: number } = {}) {
  const s = scripted(appFetch(ctx), script);
  const client = new Handoff({
    apiKey,
    baseUrl: "http://handoff.test",
    fetch: s.fetch,
    maxRetries: options.maxRetries ?? 3,
    backoff: { initialDelayMs: 1, maxDelayMs: 2 },
  });
  return { client, calls: s.calls };
}

async function countProvisions(organizationId: string) {
  const rows = await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", organizationId).execute();
  return rows.length;
}

describe("retries", () => {
  it("retries a network error, then succeeds", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, ["network", "network"]);
    const page = await client.provisions.list();
    expect(page.data).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it("retries 503 and 500, then succeeds", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, [problem(503, "service_unavailable"), problem(500, "internal_error")]);
    await client.provisions.list();
    expect(calls).toHaveLength(3);
  });

  it("honours Retry-After on 429", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, [problem(429, "rate_limited", { "retry-after": "1" })]);
    const started = Date.now();
    await client.provisions.list();
    const waited = Date.now() - started;
    expect(calls).toHaveLength(2);
    // The backoff alone would wait ~1 ms: the second attempt came after the second the server asked for.
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it("accepts Retry-After as an HTTP date", async () => {
    const o = await org(ctx);
    const at = new Date(Date.now() + 1500).toUTCString(); // second precision: between 0.5 and 1.5 s from now
    const { client, calls } = flaky(o.adminKey, [problem(429, "rate_limited", { "retry-after": at })]);
    await client.provisions.list();
    expect(calls).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond its limit: the 429 is thrown with retryAfterMs", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, [problem(429, "rate_limited", { "retry-after": "3600" })]);
    const err = (await client.provisions.list().catch((e: unknown) => e)) as HandoffError;
    expect(err).toMatchObject({ status: 429, code: "rate_limited", retryAfterMs: 3_600_000, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it("gives up after maxRetries and reports the attempts", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, ["network", "network", "network", "network", "network"], { maxRetries: 2 });
    const err = (await client.provisions.list().catch((e: unknown) => e)) as HandoffError;
    expect(err).toMatchObject({ status: 0, code: "network_error", attempts: 3 });
    expect(err.detail).toContain("ECONNRESET");
    expect(calls).toHaveLength(3);
  });

  it("never retries another 4xx", async () => {
    const o = await org(ctx);
    for (const [status, code] of [[400, "validation_failed"], [401, "invalid_api_key"], [403, "admin_key_required"], [404, "not_found"], [409, "provision_not_pending"], [422, "idempotency_key_reused"]] as const) {
      const { client, calls } = flaky(o.adminKey, [problem(status, code)]);
      await expect(client.provisions.list()).rejects.toMatchObject({ status, code, attempts: 1 });
      expect(calls).toHaveLength(1);
    }
    // And for real: a validation failure from the app is sent once.
    const { client, calls } = flaky(o.adminKey, []);
    await expect(client.provisions.create({ email: "nope" })).rejects.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(1);
  });

  it("retries a timed-out attempt", async () => {
    const o = await org(ctx);
    let first = true;
    const inner = appFetch(ctx);
    const client = new Handoff({
      apiKey: o.adminKey,
      baseUrl: "http://handoff.test",
      timeoutMs: 100,
      backoff: { initialDelayMs: 1, maxDelayMs: 2 },
      fetch: (input, init) => {
        if (first) {
          first = false;
          return new Promise<Response>(() => {}); // never answers
        }
        return inner(input, init);
      },
    });
    expect((await client.provisions.list()).data).toEqual([]);
  });

  it("maxRetries: 0 on a call makes a single attempt", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, [problem(503, "service_unavailable")]);
    await expect(client.provisions.list({}, { maxRetries: 0 })).rejects.toMatchObject({ status: 503, code: "service_unavailable" });
    expect(calls).toHaveLength(1);
  });

  it("backoff grows exponentially, with jitter, up to its ceiling", () => {
    const low = () => 0;
    const high = () => 1;
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, DEFAULT_BACKOFF, high))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect([0, 1, 2].map((n) => backoffDelay(n, DEFAULT_BACKOFF, low))).toEqual([250, 500, 1000]);
    const samples = new Set(Array.from({ length: 20 }, () => backoffDelay(3, DEFAULT_BACKOFF)));
    expect(samples.size).toBeGreaterThan(1);
    for (const s of samples) expect(s).toBeGreaterThanOrEqual(2000);
  });
});

describe("idempotent creates", () => {
  it("every create sends an Idempotency-Key, the same one on every retry", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, ["network", problem(503, "service_unavailable")]);
    await client.provisions.create({ name: "Ada" });
    expect(calls).toHaveLength(3);
    const keys = calls.map((c) => c.headers.get("idempotency-key"));
    expect(keys[0]).toBeTruthy();
    expect(new Set(keys).size).toBe(1);
    // A new call gets a new key.
    await client.provisions.create({ name: "Ada" });
    expect(calls[3]!.headers.get("idempotency-key")).not.toBe(keys[0]);
  });

  it("a create whose answer was lost after the server provisioned is retried and does not provision twice", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, ["drop", "drop"]);
    const p = await client.provisions.create({ name: "Ada Lovelace", email: "ada@example.com" });
    expect(calls).toHaveLength(3);
    expect(await countProvisions(o.organizationId)).toBe(1);
    // The replay is the original provision, with its working key.
    const me = await new Handoff({ apiKey: p.apiKey, baseUrl: "http://handoff.test", fetch: appFetch(ctx) }).me();
    expect(me.provision?.id).toBe(p.id);
  });

  it("the same over real HTTP: the server answers, the connection drops, the retry replays", async () => {
    const o = await org(ctx);
    let drops = 1;
    const served = await serveApp(ctx, (inner) => async (req, node) => {
      const res = await inner(req);
      if (req.method === "POST" && drops > 0) {
        drops--;
        await res.text(); // the server did the work …
        node.incoming.socket.destroy(); // … and the connection drops before the answer
        return new Response(null);
      }
      return res;
    });
    try {
      const client = new Handoff({ apiKey: o.adminKey, baseUrl: served.url, backoff: { initialDelayMs: 1, maxDelayMs: 2 } });
      const p = await client.provisions.create({ name: "Grace Hopper" });
      expect(p.name).toBe("Grace Hopper");
      expect(await countProvisions(o.organizationId)).toBe(1);
    } finally {
      await served.close();
    }
  });

  it("a caller's own Idempotency-Key makes a create safe to repeat across runs", async () => {
    const o = await org(ctx);
    const { client, calls } = flaky(o.adminKey, []);
    let replayed: string | null = null;
    const first = await client.provisions.create({ name: "Ada" }, { idempotencyKey: "hr-record-42" });
    const again = await client.provisions.create({ name: "Ada" }, { idempotencyKey: "hr-record-42", onResponse: (r) => (replayed = r.headers.get("idempotent-replayed")) });
    expect(again).toEqual(first);
    expect(replayed).toBe("true");
    expect(calls.map((c) => c.headers.get("idempotency-key"))).toEqual(["hr-record-42", "hr-record-42"]);
    expect(await countProvisions(o.organizationId)).toBe(1);
    await expect(client.provisions.create({ name: "Someone else" }, { idempotencyKey: "hr-record-42" })).rejects.toMatchObject({
      status: 422,
      code: "idempotency_key_reused",
    });
  });

  it("agents.create and keys.create send an Idempotency-Key too; reads, updates and deletes do not", async () => {
    const o = await org(ctx);
    const p = await flaky(o.adminKey, []).client.provisions.create();
    const { client, calls } = flaky(p.apiKey, []);
    const agent = await client.agents.create({ name: "Bot", identifier: "bot" });
    const key = await client.keys.create({ name: "CI" });
    await client.agents.update(agent.id, { name: "Bot 2" });
    await client.agents.list();
    await client.keys.revoke(key.id);
    expect(calls.map((c) => [c.method, Boolean(c.headers.get("idempotency-key"))])).toEqual([
      ["POST", true],
      ["POST", true],
      ["PATCH", false],
      ["GET", false],
      ["DELETE", false],
    ]);
  });

  it("pagination across several pages survives a failing page request", async () => {
    const o = await org(ctx);
    const admin = flaky(o.adminKey, []).client;
    for (let i = 0; i < 5; i++) await admin.provisions.create({ name: `P${i}` });
    let n = 0;
    const inner = appFetch(ctx);
    const client = new Handoff({
      apiKey: o.adminKey,
      baseUrl: "http://handoff.test",
      backoff: { initialDelayMs: 1, maxDelayMs: 2 },
      // Every second request fails once with a 503.
      fetch: (input, init) => (++n % 2 === 0 ? Promise.resolve(problem(503, "service_unavailable")) : inner(input, init)),
    });
    const names: (string | null)[] = [];
    for await (const p of client.provisions.list({ limit: 2 })) names.push(p.name);
    expect(names.sort()).toEqual(["P0", "P1", "P2", "P3", "P4"]);
  });
});
