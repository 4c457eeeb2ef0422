import { EventEmitter } from "node:events";
import pg from "pg";
import type { Logger } from "../logger.js";
import type { KeyCache } from "../services/key-cache.js";
import { applyInvalidation, parseInvalidation, type Invalidation } from "../services/key-cache-sync.js";

export type KeyCacheListener = {
  /** "invalidated" (an Invalidation, after it was applied), "listening" (connected, cache emptied), "down" (an Error). */
  events: EventEmitter;
  /** Resolves once the first LISTEN is in place (or rejects if the first connection fails). */
  ready: Promise<void>;
  close(): Promise<void>;
};

/**
 * One dedicated PostgreSQL connection per Node instance that LISTENs on the key-cache channel and applies
 * every invalidation another instance (or this one) commits, so a revoked key, a cancelled provision or a
 * suspension reaches every instance within a round trip instead of the cache TTL.
 *
 * While the connection is down the cache falls back to its TTL (KEY_CACHE_TTL_MS), as it always bounds
 * staleness; the listener reconnects with a growing delay (0.1 s up to 5 s), and empties the cache each
 * time it is listening again, since whatever was sent while it was away is lost.
 */
export function startKeyCacheListener(opts: { url: string; channel: string; cache: KeyCache; logger: Logger }): KeyCacheListener {
  const events = new EventEmitter();
  let client: pg.Client | null = null;
  let closed = false;
  let delayMs = 100;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstDone: ((err?: Error) => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    firstDone = (err) => (err ? reject(err) : resolve());
  });

  const down = (c: pg.Client, err: Error) => {
    if (client !== c) return;
    client = null;
    c.removeAllListeners("notification");
    void c.end().catch(() => {});
    if (closed) return;
    opts.logger.warn("key-cache channel down; revocations reach this instance within the cache TTL until it is back", { error: err.message });
    events.emit("down", err);
    timer = setTimeout(connect, delayMs);
    delayMs = Math.min(delayMs * 2, 5000);
  };

  async function connect() {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.url, application_name: "handoff-key-cache" });
    client = c;
    c.on("error", (err) => down(c, err));
    c.on("end", () => down(c, new Error("connection ended")));
    c.on("notification", (msg) => {
      if (msg.channel !== opts.channel) return;
      const inv: Invalidation | null = parseInvalidation(msg.payload);
      if (!inv) return;
      applyInvalidation(opts.cache, inv);
      events.emit("invalidated", inv);
    });
    try {
      await c.connect();
      await c.query(`listen ${c.escapeIdentifier(opts.channel)}`);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (firstDone) {
        firstDone(error);
        firstDone = null;
      }
      down(c, error);
      return;
    }
    if (client !== c) return;
    delayMs = 100;
    // Anything published while no LISTEN was in place is lost: start from an empty cache.
    opts.cache.invalidateAll();
    events.emit("listening");
    if (firstDone) {
      firstDone();
      firstDone = null;
    }
  }

  void connect();
  return {
    events,
    ready,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
