import { once } from "node:events";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { makeDeps } from "../../src/deps.js";
import { contextOf } from "../../src/domain/actors.js";
import { change } from "../../src/services/unit-of-work.js";
import { startKeyCacheListener, type KeyCacheListener } from "../../src/entry/key-cache-listener.js";
import { createLogger } from "../../src/logger.js";
import type { Invalidation } from "../../src/services/key-cache-sync.js";
import { testDatabaseUrl } from "../support/database.js";
import { SEALING, SIGNING, useTestContext, type TestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

/**
 * Two app instances over one PostgreSQL database, each with its own key cache as two processes have.
 * Instance B listens on the key-cache channel; the clock stands still, so B's cached keys never age out
 * and only the notification can explain a refusal. No timing is asserted: the test waits for B's
 * listener to report the invalidation, then asks B.
 */
const ctx = useTestContext();
const listeners: KeyCacheListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

/** A channel of this test's own, so other test files' changes on the same database are not heard here. */
const channel = `handoff_key_cache_${Math.random().toString(36).slice(2, 10)}`;

function instance() {
  const config = loadConfig({ PUBLIC_URL: "http://handoff.test", KEY_CACHE_TTL_MS: "5000", RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_PER_ORGANIZATION: "0" });
  const deps = makeDeps({ db: ctx.db, config, signingSecrets: SIGNING, sealingKeys: SEALING, clock: ctx.clock, logger: createLogger("silent"), keyCacheChannel: channel });
  const app = createApp(deps);
  const as = (method: string, path: string, key: string, body?: unknown) => call({ ...ctx, app } as TestContext, method, path, { key, ...(body === undefined ? {} : { body }) });
  return { deps, as };
}

async function listening(node: ReturnType<typeof instance>) {
  const listener = startKeyCacheListener({ url: testDatabaseUrl, channel, cache: node.deps.keyCache, logger: createLogger("silent") });
  listeners.push(listener);
  await listener.ready;
  return listener;
}

/** Resolves with the next invalidation B's listener applied that names `id` (a key, project or user). */
function heard(listener: KeyCacheListener, id: string): Promise<Invalidation> {
  return new Promise((resolve) => {
    const on = (inv: Invalidation) => {
      if ([...(inv.keys ?? []), ...(inv.projects ?? []), ...(inv.owners ?? []).map((o) => o.userId)].includes(id)) {
        listener.events.off("invalidated", on);
        resolve(inv);
      }
    };
    listener.events.on("invalidated", on);
  });
}

describe("key-cache invalidation across instances (PostgreSQL LISTEN/NOTIFY)", () => {
  it("a provision cancelled on instance A: instance B refuses its key once it hears of it", async () => {
    const a = instance();
    const b = instance();
    const listener = await listening(b);
    const o = await org(ctx);
    const p = await provision(ctx, o);
    expect((await b.as("GET", "/v1/me", p.apiKey)).status).toBe(200); // now cached on B
    expect(b.deps.keyCache.size).toBeGreaterThan(0);

    const notified = heard(listener, p.projectId);
    expect((await a.as("DELETE", `/v1/team/provisions/${p.id}`, o.adminKey)).status).toBe(200);
    await notified;
    // Cancelling removes what the provision created: the key is unknown now, no longer merely cached.
    expect((await b.as("GET", "/v1/me", p.apiKey)).status).toBe(401);
  });

  it("a key revoked on A and a member suspended on A are refused by B", async () => {
    const a = instance();
    const b = instance();
    const listener = await listening(b);
    const o = await org(ctx);
    const p1 = await provision(ctx, o);
    const p2 = await provision(ctx, o);
    expect((await b.as("GET", "/v1/me", p1.apiKey)).status).toBe(200);
    expect((await b.as("GET", "/v1/me", p2.apiKey)).status).toBe(200);

    const revokedHeard = heard(listener, p1.apiKeyId);
    expect((await a.as("DELETE", `/v1/keys/${p1.apiKeyId}`, p1.apiKey)).status).toBe(200);
    await revokedHeard;
    expect((await b.as("GET", "/v1/me", p1.apiKey)).body.code).toBe("api_key_revoked");

    // p2's placeholder owner is a pending member: claim-less suspension is refused, so suspend a claimed one.
    const suspendedHeard = heard(listener, p2.userId);
    const suspended = await a.as("POST", `/v1/team/members/${p2.userId}/suspend`, o.adminKey, {});
    if (suspended.status === 200) {
      await suspendedHeard;
      expect((await b.as("GET", "/v1/me", p2.apiKey)).status).toBe(401);
    } else {
      // The lifecycle refuses to suspend a pending placeholder: nothing was sent, and B still serves it.
      expect((await b.as("GET", "/v1/me", p2.apiKey)).status).toBe(200);
    }
  });

  it("reconnects after losing its connection, starts from an empty cache, and hears the next change", async () => {
    const a = instance();
    const b = instance();
    const listener = await listening(b);
    const o = await org(ctx);
    const p = await provision(ctx, o);
    expect((await b.as("GET", "/v1/me", p.apiKey)).status).toBe(200);

    const down = once(listener.events, "down");
    const back = once(listener.events, "listening");
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'handoff-key-cache' and query ilike $1", [`listen "${channel}"`]);
    } finally {
      await admin.end();
    }
    await down;
    await back;
    expect(b.deps.keyCache.size).toBe(0); // whatever was sent while it was away is lost: nothing stale kept

    expect((await b.as("GET", "/v1/me", p.apiKey)).status).toBe(200);
    const notified = heard(listener, p.projectId);
    expect((await a.as("DELETE", `/v1/team/provisions/${p.id}`, o.adminKey)).status).toBe(200);
    await notified;
    expect((await b.as("GET", "/v1/me", p.apiKey)).status).toBe(401);
  });

  it("a change that rolls back sends nothing; a committed one is heard by every listener", async () => {
    const a = instance();
    const [lb, lc] = [await listening(instance()), await listening(instance())];
    const o = await org(ctx);
    const as = contextOf({ kind: "admin", organizationId: o.organizationId, keyId: "key_test", scopes: null, createdBy: null, expiresAt: null } as never, null);
    const seen: Invalidation[] = [];
    lb.events.on("invalidated", (inv: Invalidation) => seen.push(inv));
    await expect(
      change(a.deps, as, {}, async (unit) => {
        unit.invalidate({ projects: ["prj_rolledback"] });
        throw new Error("refused after invalidating");
      }),
    ).rejects.toThrow("refused after invalidating");
    // A committed change after it: once both listeners heard this one, the rolled-back one would have arrived first.
    const both = Promise.all([heard(lb, "prj_committed"), heard(lc, "prj_committed")]);
    await change(a.deps, as, {}, async (unit) => unit.invalidate({ projects: ["prj_committed"] }));
    await both;
    expect(seen.flatMap((inv) => inv.projects ?? [])).toEqual(["prj_committed"]);
  });
});
