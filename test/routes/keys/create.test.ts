import { describe, expect, it } from "vitest";
import { hashApiKey, isWellFormedApiKey } from "../../../src/domain/api-key.js";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, createAgent, expectProblem, fieldPaths, keyWithScopes, mintKey, threeProjects } from "./helpers.js";

const ctx = useTestContext();

const keysOf = (projectId: string) => ctx.db.selectFrom("api_keys").selectAll().where("project_id", "=", projectId).execute();

describe("POST /v1/keys", () => {
  describe("happy", () => {
    it("creates a key shown once, stores only its hash, audits it, and the key works at once", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/keys", { key, body: { name: "  CI deploys " } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^key_/),
        name: "CI deploys",
        prefix: res.body.key.slice(0, 12),
        status: "active",
        projectId: p.projectId,
        agentId: null,
        scopes: [],
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        replacedByKeyId: null,
        createdAt: ctx.clock.now().toISOString(),
        key: expect.any(String),
      });
      expect(isWellFormedApiKey(res.body.key)).toBe(true);
      const row = await ctx.db.selectFrom("api_keys").selectAll().where("id", "=", res.body.id).executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(await hashApiKey(res.body.key));
      expect(JSON.stringify(row)).not.toContain(res.body.key.slice(12));
      const audit = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", res.body.id).execute();
      expect(audit.map((a) => a.action)).toEqual(["api_key.created"]);
      expect(JSON.stringify(audit)).not.toContain(res.body.key);
      const me = await call(ctx, "GET", "/v1/me", { key: res.body.key });
      expect(me.body.key.id).toBe(res.body.id);
    });

    it("binds the key to an agent of the project", async () => {
      const { key } = await orgWithProject(ctx);
      const agent = await createAgent(ctx, key, "builder");
      const minted = await mintKey(ctx, key, { agentId: agent.id });
      expect(minted.agentId).toBe(agent.id);
      expect((await call(ctx, "GET", "/v1/me", { key: minted.key })).body.agent.id).toBe(agent.id);
    });

    it("expires the key expiresIn seconds from now, to the millisecond", async () => {
      const { key } = await orgWithProject(ctx);
      const minted = await mintKey(ctx, key, { expiresIn: 60 });
      expect(minted.expiresAt).toBe(new Date(ctx.clock.now().getTime() + 60_000).toISOString());
      ctx.clock.advance(59_999);
      expect((await call(ctx, "GET", "/v1/me", { key: minted.key })).status).toBe(200);
      ctx.clock.advance(1);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: minted.key }), 401, "api_key_expired");
      const list = await call(ctx, "GET", "/v1/keys?limit=100", { key });
      expect(list.body.data.find((k: { id: string }) => k.id === minted.id).status).toBe("expired");
    });

    it("keeps the requested scopes (once each); omitted scopes mean the caller's own", async () => {
      const { key } = await orgWithProject(ctx);
      const narrowed = await mintKey(ctx, key, { scopes: ["keys:write", "agents:read", "keys:write"] });
      expect(narrowed.scopes).toEqual(["keys:write", "agents:read"]);
      const inherited = await mintKey(ctx, narrowed.key);
      expect(inherited.scopes).toEqual(["keys:write", "agents:read"]);
      const subset = await mintKey(ctx, narrowed.key, { scopes: ["agents:read"] });
      expect(subset.scopes).toEqual(["agents:read"]);
      expect((await mintKey(ctx, key)).scopes).toEqual([]);
    });
  });

  describe("errors", () => {
    it.each([
      [{}, "name"],
      [{ name: "" }, "name"],
      [{ name: " " }, "name"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: "k", expiresIn: 59 }, "expiresIn"],
      [{ name: "k", expiresIn: 366 * 24 * 3600 + 1 }, "expiresIn"],
      [{ name: "k", expiresIn: 90.5 }, "expiresIn"],
      [{ name: "k", expiresIn: "3600" }, "expiresIn"],
      [{ name: "k", scopes: ["admin"] }, "scopes.0"],
      [{ name: "k", scopes: "keys:read" }, "scopes"],
      [{ name: "k", scopes: Array(11).fill("keys:read") }, "scopes"],
      [{ name: "k", agentId: 5 }, "agentId"],
      [{ name: "k", agentId: "agt_" + "x".repeat(61) }, "agentId"],
      [{ name: "k", projectId: "prj_x" }, "projectId"],
      [{ name: "k", kind: "admin" }, "kind"],
    ])("refuses %j naming the field, creating nothing", async (body, field) => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/keys", { key, body });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toContain(field);
      expect(await keysOf(p.projectId)).toHaveLength(1);
    });

    it("refuses an unknown agentId (400 naming agentId)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/keys", { key, body: { name: "k", agentId: "agt_nobody" } });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["agentId"]);
      expect(await keysOf(p.projectId)).toHaveLength(1);
    });

    it("refuses a body that is not JSON", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "POST", "/v1/keys", { key, body: "name=k" }), 400, "invalid_json");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "POST", path: "/v1/keys", body: { name: "k" } });

    it("needs the keys:write scope (403 insufficient_scope)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("keys:write"));
      expectProblem(await call(ctx, "POST", "/v1/keys", { key: without, body: { name: "k", scopes: ["keys:read"] } }), 403, "insufficient_scope");
      expect(await keysOf(p.projectId)).toHaveLength(2);
    });

    it("cannot mint a key with a scope it lacks, explicitly or by asking for every scope", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const writer = await keyWithScopes(ctx, key, ["keys:write", "agents:read"]);
      for (const scopes of [["agents:write"], ["agents:read", "keys:read"]]) {
        const res = await call(ctx, "POST", "/v1/keys", { key: writer, body: { name: "escalate", scopes } });
        expectProblem(res, 403, "insufficient_scope");
        expect(fieldPaths(res)).toEqual(["scopes"]);
      }
      const empty = await call(ctx, "POST", "/v1/keys", { key: writer, body: { name: "all?", scopes: [] } });
      expect(empty.status).toBe(201);
      expect(empty.body.scopes).toEqual(["keys:write", "agents:read"]);
      expect((await keysOf(p.projectId)).filter((k) => k.name === "escalate")).toEqual([]);
    });

    it("cannot bind a key to another project's agent, of this organization or another (400 agentId)", async () => {
      const { key, mine, sibling, stranger } = await threeProjects(ctx);
      for (const agentId of [sibling.agentId, stranger.agentId]) {
        const res = await call(ctx, "POST", "/v1/keys", { key, body: { name: "k", agentId } });
        expectProblem(res, 400, "validation_failed");
        expect(fieldPaths(res)).toEqual(["agentId"]);
      }
      for (const projectId of [mine.provision.projectId, sibling.projectId, stranger.projectId]) expect(await keysOf(projectId)).toHaveLength(1);
    });

    it("never writes a minted key to a log line", async () => {
      const { key } = await orgWithProject(ctx);
      const minted = await mintKey(ctx, key);
      await call(ctx, "GET", "/v1/me", { key: minted.key });
      await ctx.settle();
      for (const line of ctx.logs) {
        expect(line).not.toContain(minted.key);
        expect(line).not.toContain(key);
      }
    });
  });
});

describe("POST /v1/keys: expiry never outlives the creating key", () => {
  it("caps the new key's expiry at the creator's, and gives a never-expiring request the creator's expiry", async () => {
    const { key } = await orgWithProject(ctx);
    const shortLived = await call(ctx, "POST", "/v1/keys", { key, body: { name: "short", expiresIn: 3600 } });
    const capped = await call(ctx, "POST", "/v1/keys", { key: shortLived.body.key, body: { name: "longer", expiresIn: 86400 } });
    expect(capped.status).toBe(201);
    expect(capped.body.expiresAt).toBe(shortLived.body.expiresAt);
    const inherited = await call(ctx, "POST", "/v1/keys", { key: shortLived.body.key, body: { name: "forever?" } });
    expect(inherited.body.expiresAt).toBe(shortLived.body.expiresAt);
    const shorter = await call(ctx, "POST", "/v1/keys", { key: shortLived.body.key, body: { name: "shorter", expiresIn: 600 } });
    expect(new Date(shorter.body.expiresAt).getTime()).toBe(ctx.clock.now().getTime() + 600_000);
  });
});
