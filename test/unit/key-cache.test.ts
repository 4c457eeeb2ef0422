import { describe, expect, it } from "vitest";
import { KeyCache, type KeyRecord } from "../../src/services/key-cache.js";

function record(id: string, projectId: string | null = `prj_${id}`): KeyRecord {
  return {
    id,
    kind: "project",
    organizationId: "org_1",
    projectId,
    agentId: null,
    scopes: [],
    createdByUserId: null,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    provision: null,
    owner: null,
  };
}

describe("KeyCache", () => {
  it("answers a hit until its TTL ends, and a hit does not extend it", () => {
    const cache = new KeyCache(5000, 10);
    cache.set("h1", record("key_1"), 1000);
    expect(cache.get("h1", 1000)?.id).toBe("key_1");
    expect(cache.get("h1", 5999)?.id).toBe("key_1");
    expect(cache.get("h1", 6000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("when full, the oldest entry leaves first, however often it was hit (it is the next to expire)", () => {
    const cache = new KeyCache(5000, 3);
    cache.set("h1", record("key_1"), 1000);
    cache.set("h2", record("key_2"), 1001);
    cache.set("h3", record("key_3"), 1002);
    for (let i = 0; i < 10; i++) expect(cache.get("h1", 1003)).toBeDefined();
    cache.set("h4", record("key_4"), 1004);
    expect(cache.size).toBe(3);
    expect(cache.get("h1", 1005)).toBeUndefined();
    expect(["h2", "h3", "h4"].map((h) => cache.get(h, 1005)?.id)).toEqual(["key_2", "key_3", "key_4"]);
  });

  it("setting a key again makes it the newest", () => {
    const cache = new KeyCache(5000, 2);
    cache.set("h1", record("key_1"), 1000);
    cache.set("h2", record("key_2"), 1001);
    cache.set("h1", record("key_1"), 1002);
    cache.set("h3", record("key_3"), 1003);
    expect(cache.get("h2", 1004)).toBeUndefined();
    expect(cache.get("h1", 1004)?.id).toBe("key_1");
  });

  it("does not put back a record read before an invalidation", async () => {
    const cache = new KeyCache(5000, 10);
    let release!: () => void;
    const read = cache.shareRead("h1", async (generation) => {
      await new Promise<void>((r) => (release = r));
      cache.set("h1", record("key_1"), 1000, generation);
    });
    cache.invalidateKey("key_1");
    release();
    await read;
    expect(cache.get("h1", 1000)).toBeUndefined();
  });

  describe("shared reads", () => {
    /** A read that waits until the gate opens (every read waiting then goes on), counting how often it ran. */
    function gatedRead() {
      const waiting: (() => void)[] = [];
      const gate = { runs: 0, open: () => waiting.splice(0).forEach((go) => go()) };
      const read = async () => {
        const run = ++gate.runs;
        await new Promise<void>((r) => waiting.push(r));
        return `read ${run}`;
      };
      return { gate, read };
    }

    it("50 concurrent misses of one slot make one read, and all get its answer", async () => {
      const cache = new KeyCache(5000, 10);
      const { gate, read } = gatedRead();
      const all = Promise.all(Array.from({ length: 50 }, () => cache.shareRead("h1", read)));
      gate.open();
      expect(new Set(await all)).toEqual(new Set(["read 1"]));
      expect(gate.runs).toBe(1);
    });

    it("a settled read is forgotten: the next miss reads again", async () => {
      const cache = new KeyCache(5000, 10);
      const { gate, read } = gatedRead();
      const first = cache.shareRead("h1", read);
      gate.open();
      await first;
      const second = cache.shareRead("h1", read);
      gate.open();
      expect(await second).toBe("read 2");
    });

    it("a failed read is shared by its waiters, then forgotten", async () => {
      const cache = new KeyCache(5000, 10);
      let runs = 0;
      const failing = async () => {
        runs++;
        await Promise.resolve();
        throw new Error("database down");
      };
      const results = await Promise.allSettled([cache.shareRead("h1", failing), cache.shareRead("h1", failing)]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
      expect(runs).toBe(1);
      await expect(cache.shareRead("h1", failing)).rejects.toThrow("database down");
      expect(runs).toBe(2);
    });

    it("a request arriving after an invalidation does not wait on a read from before it", async () => {
      const cache = new KeyCache(5000, 10);
      const { gate, read } = gatedRead();
      const before = cache.shareRead("h1", read);
      cache.invalidateAll();
      const after = cache.shareRead("h1", read);
      expect(gate.runs).toBe(2);
      gate.open();
      expect(await after).toBe("read 2");
      expect(await before).toBe("read 1");
    });

    it("other slots read on their own", async () => {
      const cache = new KeyCache(5000, 10);
      const { gate, read } = gatedRead();
      const a = cache.shareRead("h1", read);
      const b = cache.shareRead("details:h1", read);
      expect(gate.runs).toBe(2);
      gate.open();
      expect(await Promise.all([a, b])).toEqual(["read 1", "read 2"]);
    });

    it("off (Workers): every miss reads on its own", async () => {
      const cache = new KeyCache(5000, 10, false);
      let runs = 0;
      await Promise.all(Array.from({ length: 5 }, () => cache.shareRead("h1", async () => ++runs)));
      expect(runs).toBe(5);
    });
  });

  it("drops a project's keys, and their /v1/me details with them", () => {
    const cache = new KeyCache(5000, 10);
    cache.set("h1", record("key_1", "prj_a"), 1000);
    cache.set("h2", record("key_2", "prj_b"), 1000);
    cache.attachDetails("h1", { any: "details" });
    expect(cache.details("h1")).toEqual({ any: "details" });
    cache.invalidateProject("prj_a");
    expect(cache.get("h1", 1000)).toBeUndefined();
    expect(cache.details("h1")).toBeUndefined();
    expect(cache.get("h2", 1000)?.id).toBe("key_2");
  });

  it("a TTL of 0 caches nothing", () => {
    const cache = new KeyCache(0, 10);
    cache.set("h1", record("key_1"), 1000);
    expect(cache.get("h1", 1000)).toBeUndefined();
  });
});
