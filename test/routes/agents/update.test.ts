import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, createAgent, expectProblem, fieldPaths, keyWithScopes, mintKey, threeProjects } from "../keys/helpers.js";

const ctx = useTestContext();

const row = (id: string) => ctx.db.selectFrom("agents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("PATCH /v1/agents/{id}", () => {
  describe("happy", () => {
    it("renames an agent, moves updatedAt, keeps createdAt, and records which fields changed", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "old-id", "Old name");
      ctx.clock.advanceSeconds(10);
      const res = await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { name: " New name " } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: a.id, name: "New name", identifier: "old-id", isDefault: false, projectId: p.projectId });
      expect(new Date(res.body.updatedAt).getTime() - new Date(res.body.createdAt).getTime()).toBe(10_000);
      const audit = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", a.id).where("action", "=", "agent.updated").execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.metadata).toEqual({ fields: ["name"] });
    });

    it("changes the identifier, or both fields at once", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "first");
      const one = await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { identifier: "second" } });
      expect(one.body).toMatchObject({ identifier: "second", name: a.name });
      const both = await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { name: "Third", identifier: "third" } });
      expect(both.body).toMatchObject({ identifier: "third", name: "Third" });
      expect(await row(a.id)).toMatchObject({ identifier: "third", name: "Third" });
      // The freed identifier can be taken again.
      expect((await call(ctx, "POST", "/v1/agents", { key, body: { name: "x", identifier: "first" } })).status).toBe(201);
    });

    it("renames the default agent, and accepts its own identifier unchanged", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "PATCH", `/v1/agents/${p.agentId}`, { key, body: { name: "Main", identifier: "default" } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: p.agentId, name: "Main", identifier: "default", isDefault: true });
    });

    it("keeps keys bound to the agent working across a rename", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "bound");
      const bound = await mintKey(ctx, key, { agentId: a.id });
      await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { name: "Renamed", identifier: "renamed" } });
      const me = await call(ctx, "GET", "/v1/me", { key: bound.key });
      expect(me.status).toBe(200);
      expect(me.body.agent).toMatchObject({ id: a.id, identifier: "renamed" });
    });
  });

  describe("errors", () => {
    it.each([
      [{}, "(body)"],
      [{ name: "" }, "name"],
      [{ name: "  " }, "name"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: null }, "name"],
      [{ identifier: "Bad Id" }, "identifier"],
      [{ identifier: "" }, "identifier"],
      [{ identifier: "a".repeat(51) }, "identifier"],
      [{ isDefault: true }, "isDefault"],
      [{ name: "ok", projectId: "prj_x" }, "projectId"],
    ])("refuses %j naming the field, and changes nothing", async (body, field) => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "stable", "Stable");
      const res = await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toContain(field);
      expect(await row(a.id)).toMatchObject({ name: "Stable", identifier: "stable", is_default: false });
    });

    it("refuses to change the default agent's identifier (409 default_agent_protected, naming identifier)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "PATCH", `/v1/agents/${p.agentId}`, { key, body: { name: "Renamed", identifier: "main" } });
      expectProblem(res, 409, "default_agent_protected");
      expect(fieldPaths(res)).toEqual(["identifier"]);
      expect(await row(p.agentId)).toMatchObject({ identifier: "default", name: "Default agent" });
    });

    it("refuses an identifier another agent of the project holds (409 agent_identifier_taken)", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "left");
      await createAgent(ctx, key, "right");
      for (const identifier of ["right", "default"]) {
        const res = await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { name: "Changed", identifier } });
        expectProblem(res, 409, "agent_identifier_taken");
        expect(fieldPaths(res)).toEqual(["identifier"]);
      }
      expect(await row(a.id)).toMatchObject({ identifier: "left", name: "Agent left" });
    });

    it("answers 404 for an unknown agent", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "PATCH", "/v1/agents/agt_unknown", { key, body: { name: "x" } }), 404, "not_found");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "PATCH", path: "/v1/agents/agt_V1StGXR8Z5jdHi6BmyT2a", body: { name: "x" } });

    it("answers 404 for another project's agent (same organization) and leaves it unchanged", async () => {
      const { key, sibling } = await threeProjects(ctx);
      const res = await call(ctx, "PATCH", `/v1/agents/${sibling.agentId}`, { key, body: { name: "Hijacked" } });
      expectProblem(res, 404, "not_found");
      expect((await row(sibling.agentId)).name).toBe("Default agent");
    });

    it("answers 404 for another organization's agent and leaves it unchanged", async () => {
      const { key, stranger } = await threeProjects(ctx);
      const theirs = await createAgent(ctx, stranger.apiKey, "theirs");
      const res = await call(ctx, "PATCH", `/v1/agents/${theirs.id}`, { key, body: { identifier: "mine" } });
      expectProblem(res, 404, "not_found");
      expect((await row(theirs.id)).identifier).toBe("theirs");
    });

    it("lets a project use an identifier another project holds", async () => {
      const { key, sibling } = await threeProjects(ctx);
      await createAgent(ctx, sibling.apiKey, "popular");
      const a = await createAgent(ctx, key, "mine");
      expect((await call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { identifier: "popular" } })).status).toBe(200);
    });

    it("needs the agents:write scope (403 insufficient_scope)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("agents:write"));
      expectProblem(await call(ctx, "PATCH", `/v1/agents/${p.agentId}`, { key: without, body: { name: "x" } }), 403, "insufficient_scope");
      expect((await row(p.agentId)).name).toBe("Default agent");
    });
  });
});
