import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, createAgent, expectProblem, fieldPaths, keyWithScopes, mintKey, threeProjects } from "./helpers.js";

const ctx = useTestContext();

const roll = (key: string, id: string, body?: unknown) => call(ctx, "POST", `/v1/keys/${id}/roll`, { key, body });
const keysOf = (projectId: string) => ctx.db.selectFrom("api_keys").selectAll().where("project_id", "=", projectId).execute();

describe("POST /v1/keys/{id}/roll", () => {
  describe("happy", () => {
    it("without a body: a new key with the same name, agent, scopes and expiry; the old one stops at once", async () => {
      const { key } = await orgWithProject(ctx);
      const agent = await createAgent(ctx, key, "roller");
      const old = await mintKey(ctx, key, { name: "deploy", agentId: agent.id, scopes: ["agents:read"], expiresIn: 7200 });
      expect((await call(ctx, "GET", "/v1/me", { key: old.key })).status).toBe(200); // cached
      ctx.clock.advanceSeconds(10);
      const res = await roll(key, old.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: "deploy", agentId: agent.id, scopes: ["agents:read"], expiresAt: old.expiresAt, status: "active" });
      expect(res.body.id).not.toBe(old.id);
      expect(res.body.key).not.toBe(old.key);
      expect(res.body.previous).toMatchObject({ id: old.id, status: "revoked", replacedByKeyId: res.body.id, revokedAt: ctx.clock.now().toISOString() });
      expect(res.body.previous).not.toHaveProperty("key");
      expectProblem(await call(ctx, "GET", "/v1/me", { key: old.key }), 401, "api_key_revoked");
      const me = await call(ctx, "GET", "/v1/me", { key: res.body.key });
      expect(me.body.key.id).toBe(res.body.id);
      const audit = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", old.id).where("action", "=", "api_key.rolled").execute();
      expect(audit.map((a) => a.metadata)).toEqual([{ newKeyId: res.body.id, gracePeriodSeconds: 0 }]);
      expect(JSON.stringify(audit)).not.toContain(res.body.key);
    });

    it("with a grace period the old key works until it ends, then answers 401 api_key_expired", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      const res = await roll(key, p.apiKeyId, { gracePeriod: 3600 });
      expect(res.status).toBe(200);
      expect(res.body.previous).toMatchObject({ status: "active", expiresAt: new Date(ctx.clock.now().getTime() + 3600_000).toISOString() });
      ctx.clock.advance(3600_000 - 1);
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      ctx.clock.advance(1);
      expectProblem(await call(ctx, "GET", "/v1/me", { key }), 401, "api_key_expired");
      expect((await call(ctx, "GET", "/v1/me", { key: res.body.key })).status).toBe(200);
    });

    it("accepts the largest grace period, 86400 s", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await roll(key, p.apiKeyId, { gracePeriod: 86_400 });
      expect(res.status).toBe(200);
      ctx.clock.advanceSeconds(86_399);
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      ctx.clock.advanceSeconds(1);
      expectProblem(await call(ctx, "GET", "/v1/me", { key }), 401, "api_key_expired");
    });

    it("never lets the grace period outlive the old key's own expiry", async () => {
      const { key } = await orgWithProject(ctx);
      const old = await mintKey(ctx, key, { expiresIn: 600 });
      const res = await roll(key, old.id, { gracePeriod: 3600 });
      expect(res.body.previous.expiresAt).toBe(old.expiresAt);
      ctx.clock.advanceSeconds(600);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: old.key }), 401, "api_key_expired");
    });

    it("rolls the new key in its turn, and a key may roll itself", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const first = await roll(key, p.apiKeyId);
      const second = await roll(first.body.key, first.body.id);
      expect(second.status).toBe(200);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: first.body.key }), 401, "api_key_revoked");
      expect((await call(ctx, "GET", "/v1/me", { key: second.body.key })).status).toBe(200);
    });
  });

  describe("errors", () => {
    it.each([
      [{ gracePeriod: -1 }, "gracePeriod"],
      [{ gracePeriod: 86_401 }, "gracePeriod"],
      [{ gracePeriod: 1.5 }, "gracePeriod"],
      [{ gracePeriod: "60" }, "gracePeriod"],
      [{ gracePeriod: null }, "gracePeriod"],
      [{ grace: 60 }, "grace"],
    ])("refuses %j naming the field, and the key is not rolled", async (body, field) => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await roll(key, p.apiKeyId, body);
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toContain(field);
      expect(await keysOf(p.projectId)).toHaveLength(1);
    });

    it("refuses a body that is not JSON, or not sent as JSON", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      expectProblem(await roll(key, p.apiKeyId, "{"), 400, "invalid_json");
      const plain = await call(ctx, "POST", `/v1/keys/${p.apiKeyId}/roll`, { key, body: '{"gracePeriod":60}', headers: { "content-type": "text/plain" } });
      expectProblem(plain, 415, "unsupported_media_type");
      expect(await keysOf(p.projectId)).toHaveLength(1);
    });

    it("rolls a key at most once: the second roll is 409 key_revoked, even inside the grace period", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const first = await roll(key, p.apiKeyId, { gracePeriod: 600 });
      expect(first.status).toBe(200);
      expectProblem(await roll(first.body.key, p.apiKeyId), 409, "key_revoked");
      expectProblem(await roll(key, p.apiKeyId, { gracePeriod: 600 }), 409, "key_revoked");
      expect(await keysOf(p.projectId)).toHaveLength(2);
    });

    it("refuses to roll a revoked or an expired key (409 key_revoked)", async () => {
      const { key } = await orgWithProject(ctx);
      const revoked = await mintKey(ctx, key);
      await call(ctx, "DELETE", `/v1/keys/${revoked.id}`, { key });
      expectProblem(await roll(key, revoked.id), 409, "key_revoked");
      const expired = await mintKey(ctx, key, { expiresIn: 60 });
      ctx.clock.advanceSeconds(60);
      expectProblem(await roll(key, expired.id), 409, "key_revoked");
    });

    it("answers 404 for an unknown key", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await roll(key, "key_unknown"), 404, "not_found");
    });

    it("50 concurrent rolls of one key: exactly one 200, forty-nine 409, one new key", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const replies = await Promise.all(Array.from({ length: 50 }, () => roll(key, p.apiKeyId, { gracePeriod: 60 })));
      const ok = replies.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      const refused = replies.filter((r) => r.status === 409);
      expect(refused).toHaveLength(49);
      for (const r of refused) expect(r.body.code).toBe("key_revoked");
      const rows = await keysOf(p.projectId);
      expect(rows.map((r) => r.id).sort()).toEqual([p.apiKeyId, ok[0]!.body.id].sort());
      expect(rows.find((r) => r.id === p.apiKeyId)!.replaced_by_key_id).toBe(ok[0]!.body.id);
      const audit = await ctx.db.selectFrom("audit_events").select("id").where("target_id", "=", p.apiKeyId).where("action", "=", "api_key.rolled").execute();
      expect(audit).toHaveLength(1);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "POST", path: "/v1/keys/key_V1StGXR8Z5jdHi6BmyT2a/roll", body: {} });

    it("answers 404 for another project's key (same organization), which keeps working unrolled", async () => {
      const { key, sibling } = await threeProjects(ctx);
      expectProblem(await roll(key, sibling.apiKeyId), 404, "not_found");
      expect(await keysOf(sibling.projectId)).toHaveLength(1);
      expect((await call(ctx, "GET", "/v1/me", { key: sibling.apiKey })).status).toBe(200);
    });

    it("answers 404 for another organization's key", async () => {
      const { key, stranger } = await threeProjects(ctx);
      expectProblem(await roll(key, stranger.apiKeyId), 404, "not_found");
      expect(await keysOf(stranger.projectId)).toHaveLength(1);
    });

    it("needs the keys:write scope (403 insufficient_scope)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("keys:write"));
      expectProblem(await roll(without, p.apiKeyId), 403, "insufficient_scope");
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
    });

    it("cannot roll a key wider than itself: that would mint scopes it lacks", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const writer = await keyWithScopes(ctx, key, ["keys:write"]);
      const wide = await mintKey(ctx, key, { scopes: ["keys:write", "agents:write"] });
      for (const id of [p.apiKeyId, wide.id]) {
        expectProblem(await roll(writer, id), 403, "insufficient_scope");
      }
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      const same = await mintKey(ctx, key, { scopes: ["keys:write"] });
      const res = await roll(writer, same.id);
      expect(res.status).toBe(200);
      expect(res.body.scopes).toEqual(["keys:write"]);
    });
  });
});

describe("POST /v1/keys/{id}/roll: the expiry cap (finding 2)", () => {
  it("a 60-second key rolling the provisioned key gets a key that ends when the caller does", async () => {
    const { key, provision: p } = await orgWithProject(ctx);
    const short = await mintKey(ctx, key, { scopes: ["keys:write", "keys:read", "agents:read", "agents:write"], expiresIn: 60 });
    const res = await roll(short.key, p.apiKeyId);
    expect(res.status).toBe(200);
    expect(res.body.expiresAt).toBe(short.expiresAt);
    ctx.clock.advanceSeconds(61);
    expectProblem(await call(ctx, "GET", "/v1/me", { key: res.body.key }), 401, "api_key_expired");
  });
});
