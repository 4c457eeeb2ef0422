import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";

const ctx = useTestContext();

async function keyCount(projectId: string) {
  return (await ctx.db.selectFrom("api_keys").select("id").where("project_id", "=", projectId).execute()).length;
}

describe("Idempotency-Key on key creates and rolls", () => {
  it("a retried POST /v1/keys returns the same key instead of minting a second one", async () => {
    const { key, provision } = await orgWithProject(ctx);
    const send = (body: unknown) => call(ctx, "POST", "/v1/keys", { key, body, headers: { "idempotency-key": "ci-key-1" } });
    const first = await send({ name: "CI" });
    const again = await send({ name: "CI" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await keyCount(provision.projectId)).toBe(2);
    const other = await send({ name: "Something else" });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_reused");
  });

  it("a retried roll returns the same new key, so a lost answer never loses the key", async () => {
    const { key, provision } = await orgWithProject(ctx);
    const created = await call(ctx, "POST", "/v1/keys", { key, body: { name: "to roll" } });
    const roll = () => call(ctx, "POST", `/v1/keys/${created.body.id}/roll`, { key, body: {}, headers: { "idempotency-key": "roll-1" } });
    const first = await roll();
    const again = await roll();
    expect(first.status).toBe(200);
    expect(again.body.key).toBe(first.body.key);
    expect((await call(ctx, "GET", "/v1/me", { key: first.body.key })).status).toBe(200);
    expect((await call(ctx, "GET", "/v1/me", { key: created.body.key })).status).toBe(401);
    expect(await keyCount(provision.projectId)).toBe(3);
  });

  it("10 concurrent retries of one key create mint exactly one key", async () => {
    const { key, provision } = await orgWithProject(ctx);
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => call(ctx, "POST", "/v1/keys", { key, body: { name: "burst" }, headers: { "idempotency-key": "burst" } })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((r) => r.body.key)).size).toBe(1);
    expect(await keyCount(provision.projectId)).toBe(2);
  });
});
