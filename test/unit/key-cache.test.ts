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

  it("does not put back a record read before an invalidation", () => {
    const cache = new KeyCache(5000, 10);
    const generation = cache.currentGeneration;
    cache.invalidateKey("key_1");
    cache.set("h1", record("key_1"), 1000, generation);
    expect(cache.get("h1", 1000)).toBeUndefined();
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
