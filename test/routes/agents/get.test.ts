import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, createAgent, expectProblem, fieldPaths, keyWithScopes, threeProjects } from "../keys/helpers.js";

const ctx = useTestContext();

describe("GET /v1/agents/{id}", () => {
  describe("happy", () => {
    it("returns one agent of the project", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "reader", "Reader");
      const res = await call(ctx, "GET", `/v1/agents/${a.id}`, { key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: a.id, projectId: p.projectId, name: "Reader", identifier: "reader", isDefault: false });
    });

    it("returns the default agent by its id too", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", `/v1/agents/${p.agentId}`, { key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: p.agentId, identifier: "default", isDefault: true });
    });
  });

  describe("errors", () => {
    it("answers 404 for an unknown id", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "GET", `/v1/agents/agt_doesnotexist0000000`, { key }), 404, "not_found");
    });

    it.each(["nonsense", "key_V1StGXR8Z5jdHi6BmyT2a", "agt_%00", "agt_a%0Ab", "agt_%ED%A0%80"])("refuses the malformed id %s with a 400 naming param.id", async (id) => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", `/v1/agents/${id}`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["param.id"]);
    });

    it("answers 404 for a deleted agent", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "gone");
      expect((await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key })).status).toBe(204);
      expectProblem(await call(ctx, "GET", `/v1/agents/${a.id}`, { key }), 404, "not_found");
    });

    it("refuses an id over 64 characters naming param.id", async () => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", `/v1/agents/agt_${"x".repeat(61)}`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["param.id"]);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "GET", path: "/v1/agents/agt_V1StGXR8Z5jdHi6BmyT2a" });

    it("answers 404 for an agent of another project of the same organization", async () => {
      const { key, sibling } = await threeProjects(ctx);
      const theirs = await createAgent(ctx, sibling.apiKey, "theirs");
      for (const id of [theirs.id, sibling.agentId]) expectProblem(await call(ctx, "GET", `/v1/agents/${id}`, { key }), 404, "not_found");
    });

    it("answers 404 for an agent of another organization", async () => {
      const { key, stranger } = await threeProjects(ctx);
      const theirs = await createAgent(ctx, stranger.apiKey, "theirs");
      for (const id of [theirs.id, stranger.agentId]) expectProblem(await call(ctx, "GET", `/v1/agents/${id}`, { key }), 404, "not_found");
    });

    it("needs the agents:read scope (403 insufficient_scope)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("agents:read"));
      expectProblem(await call(ctx, "GET", `/v1/agents/${p.agentId}`, { key: without }), 403, "insufficient_scope");
      const withIt = await keyWithScopes(ctx, key, ["agents:read"]);
      expect((await call(ctx, "GET", `/v1/agents/${p.agentId}`, { key: withIt })).status).toBe(200);
    });
  });
});

describe("GET /v1/agents/default", () => {
  describe("happy", () => {
    it("returns the project's default agent, whatever its current name", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      expect((await call(ctx, "PATCH", `/v1/agents/${p.agentId}`, { key, body: { name: "Renamed" } })).status).toBe(200);
      const res = await call(ctx, "GET", "/v1/agents/default", { key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: p.agentId, projectId: p.projectId, identifier: "default", isDefault: true, name: "Renamed" });
    });

    it("is the default agent even for a key bound to another agent", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const other = await createAgent(ctx, key, "other");
      const bound = await call(ctx, "POST", "/v1/keys", { key, body: { name: "bound", agentId: other.id } });
      const res = await call(ctx, "GET", "/v1/agents/default", { key: bound.body.key });
      expect(res.body.id).toBe(p.agentId);
    });
  });

  describe("errors", () => {
    it("answers 404 not_found for a project without a default agent", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      // No route removes the default agent; reach the state directly to check the answer is a clean 404.
      await ctx.db.updateTable("agents").set({ is_default: false }).where("id", "=", p.agentId).execute();
      expectProblem(await call(ctx, "GET", "/v1/agents/default", { key }), 404, "not_found");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "GET", path: "/v1/agents/default" });

    it("returns the caller's own default agent, never a sibling project's or another organization's", async () => {
      const { key, mine, sibling, stranger } = await threeProjects(ctx);
      expect((await call(ctx, "GET", "/v1/agents/default", { key })).body.id).toBe(mine.provision.agentId);
      expect((await call(ctx, "GET", "/v1/agents/default", { key: sibling.apiKey })).body.id).toBe(sibling.agentId);
      expect((await call(ctx, "GET", "/v1/agents/default", { key: stranger.apiKey })).body.id).toBe(stranger.agentId);
    });

    it("needs the agents:read scope (403 insufficient_scope)", async () => {
      const { key } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("agents:read"));
      expectProblem(await call(ctx, "GET", "/v1/agents/default", { key: without }), 403, "insufficient_scope");
    });
  });
});
