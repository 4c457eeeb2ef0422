import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";

const ctx = useTestContext();

const create = (key: string, idem: string, body: unknown = { name: "Lin" }) =>
  call(ctx, "POST", "/v1/team/provisions", { key, body, headers: { "idempotency-key": idem } });

async function provisionCount(organizationId: string) {
  return (await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", organizationId).execute()).length;
}

describe("Idempotency-Key on POST /v1/team/provisions", () => {
  it("replays the original response (the same key, not a second provision)", async () => {
    const o = await org(ctx);
    const first = await create(o.adminKey, "onboard-lin-1");
    const replay = await create(o.adminKey, "onboard-lin-1");
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await provisionCount(o.organizationId)).toBe(1);
    expect((await call(ctx, "GET", "/v1/me", { key: replay.body.apiKey })).status).toBe(200);
  });

  it("treats the same fields in another order as the same request", async () => {
    const o = await org(ctx);
    const first = await create(o.adminKey, "k", { name: "Lin", role: "admin" });
    const replay = await create(o.adminKey, "k", { role: "admin", name: "Lin" });
    expect(replay.body.id).toBe(first.body.id);
  });

  it("refuses the same key with a different body (422) and creates nothing", async () => {
    const o = await org(ctx);
    await create(o.adminKey, "k2", { name: "Lin" });
    const other = await create(o.adminKey, "k2", { name: "Someone else" });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_reused");
    expect(await provisionCount(o.organizationId)).toBe(1);
  });

  it("lets a request that failed validation be retried with the same key", async () => {
    const o = await org(ctx);
    expect((await create(o.adminKey, "k3", { role: "owner" })).status).toBe(400);
    expect((await create(o.adminKey, "k3", { role: "admin" })).status).toBe(201);
  });

  it("keeps keys apart per organization", async () => {
    const a = await org(ctx);
    const b = await org(ctx);
    const fromA = await create(a.adminKey, "shared-key");
    const fromB = await create(b.adminKey, "shared-key");
    expect(fromB.status).toBe(201);
    expect(fromB.body.id).not.toBe(fromA.body.id);
  });

  it("stores the replayable response encrypted, never the key in clear", async () => {
    const o = await org(ctx);
    const first = await create(o.adminKey, "k4");
    const row = await ctx.db.selectFrom("idempotency_keys").selectAll().where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(row.response_ciphertext).not.toContain(first.body.apiKey);
    expect(row.response_ciphertext).not.toContain(first.body.id);
  });

  it("20 concurrent requests with one key create exactly one provision", async () => {
    const o = await org(ctx);
    const replies = await Promise.all(Array.from({ length: 20 }, () => create(o.adminKey, "burst")));
    // The losers wait on the winner's uncommitted key row, then replay its committed response.
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.apiKey)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(19);
    expect(await provisionCount(o.organizationId)).toBe(1);
  });

  it.each([[""], ["x".repeat(256)]])("refuses an Idempotency-Key of length %#", async (k) => {
    const o = await org(ctx);
    const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: {}, headers: { "idempotency-key": k } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("header.idempotency-key");
  });
});

describe("Idempotency-Key older than 24 hours (finding 12)", () => {
  it("is not replayed even when no sweeper removed it: the key starts a new request", async () => {
    const o = await org(ctx);
    const first = await create(o.adminKey, "day-old");
    ctx.clock.advanceSeconds(24 * 3600 + 1);
    const again = await create(o.adminKey, "day-old");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body.id).not.toBe(first.body.id);
    expect(await provisionCount(o.organizationId)).toBe(2);
    // …and the new response is what the key replays from now on.
    const replay = await create(o.adminKey, "day-old");
    expect(replay.body.id).toBe(again.body.id);
  });

  it("a different body after 24 hours is a new request too, not a 422", async () => {
    const o = await org(ctx);
    await create(o.adminKey, "day-old-2", { name: "Lin" });
    ctx.clock.advanceSeconds(24 * 3600 + 1);
    expect((await create(o.adminKey, "day-old-2", { name: "Someone else" })).status).toBe(201);
  });
});
