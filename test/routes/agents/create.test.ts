import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, createAgent, expectProblem, fieldPaths, keyWithScopes, threeProjects } from "../keys/helpers.js";

const ctx = useTestContext();

const agentsOf = (projectId: string) =>
  ctx.db.selectFrom("agents").selectAll().where("project_id", "=", projectId).orderBy("identifier").execute();

describe("POST /v1/agents", () => {
  describe("happy", () => {
    it("creates an agent in the caller's project, records an audit event, and lists it", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/agents", { key, body: { name: "  Support bot ", identifier: "support-bot" } });
      expect(res.status).toBe(201);
      const now = ctx.clock.now().toISOString();
      expect(res.body).toEqual({
        id: expect.stringMatching(/^agt_[0-9A-Za-z]{21}$/),
        projectId: p.projectId,
        name: "Support bot",
        identifier: "support-bot",
        isDefault: false,
        createdAt: now,
        updatedAt: now,
      });
      const audit = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", res.body.id).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: "agent.created", actor_type: "api_key", actor_id: p.apiKeyId });
      const list = await call(ctx, "GET", "/v1/agents", { key });
      expect(list.body.data.map((a: { id: string }) => a.id)).toContain(res.body.id);
    });

    it.each(["a", "0", "-", "a".repeat(50), "bot-2-x"])("accepts the identifier %j", async (identifier) => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/agents", { key, body: { name: "x", identifier } });
      expect(res.status).toBe(201);
      expect(res.body.identifier).toBe(identifier);
    });

    it("lets two projects use the same identifier", async () => {
      const { key, sibling } = await threeProjects(ctx);
      await createAgent(ctx, key, "shared");
      expect((await call(ctx, "POST", "/v1/agents", { key: sibling.apiKey, body: { name: "x", identifier: "shared" } })).status).toBe(201);
    });
  });

  describe("errors", () => {
    it.each([
      [{ identifier: "ok" }, "name"],
      [{ name: "", identifier: "ok" }, "name"],
      [{ name: "   ", identifier: "ok" }, "name"],
      [{ name: "x".repeat(201), identifier: "ok" }, "name"],
      [{ name: 7, identifier: "ok" }, "name"],
      [{ name: "x" }, "identifier"],
      [{ name: "x", identifier: "" }, "identifier"],
      [{ name: "x", identifier: "Upper" }, "identifier"],
      [{ name: "x", identifier: "with space" }, "identifier"],
      [{ name: "x", identifier: "under_score" }, "identifier"],
      [{ name: "x", identifier: "a".repeat(51) }, "identifier"],
      [{ name: "x", identifier: "ok\n" }, "identifier"],
      [{ name: "x", identifier: "ok", isDefault: true }, "isDefault"],
    ])("refuses %j naming the field", async (body, field) => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/agents", { key, body });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toContain(field);
      expect(await agentsOf(p.projectId)).toHaveLength(1);
    });

    it("refuses a body that is not JSON", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "POST", "/v1/agents", { key, body: "{nope" }), 400, "invalid_json");
    });

    it("refuses an identifier already used in the project (409 agent_identifier_taken, naming identifier)", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      await createAgent(ctx, key, "twin");
      const res = await call(ctx, "POST", "/v1/agents", { key, body: { name: "Other", identifier: "twin" } });
      expectProblem(res, 409, "agent_identifier_taken");
      expect(fieldPaths(res)).toEqual(["identifier"]);
      expect(await agentsOf(p.projectId)).toHaveLength(2);
    });

    it("refuses the identifier of the default agent", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "POST", "/v1/agents", { key, body: { name: "x", identifier: "default" } }), 409, "agent_identifier_taken");
    });

    it("20 concurrent creates with one identifier: exactly one 201, nineteen 409, one row", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(ctx, "POST", "/v1/agents", { key, body: { name: `racer ${i}`, identifier: "racer" } })),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      for (const r of replies.filter((r) => r.status === 409)) expect(r.body.code).toBe("agent_identifier_taken");
      const rows = (await agentsOf(p.projectId)).filter((a) => a.identifier === "racer");
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe(replies.find((r) => r.status === 201)!.body.id);
      const audit = await ctx.db.selectFrom("audit_events").select("id").where("action", "=", "agent.created").where("target_id", "=", rows[0]!.id).execute();
      expect(audit).toHaveLength(1);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "POST", path: "/v1/agents", body: { name: "x", identifier: "x" } });

    it("needs the agents:write scope (403 insufficient_scope), and creates nothing without it", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const readOnly = await keyWithScopes(ctx, key, allScopesBut("agents:write"));
      expectProblem(await call(ctx, "POST", "/v1/agents", { key: readOnly, body: { name: "x", identifier: "nope" } }), 403, "insufficient_scope");
      expect(await agentsOf(p.projectId)).toHaveLength(1);
      const writer = await keyWithScopes(ctx, key, ["agents:write"]);
      expect((await call(ctx, "POST", "/v1/agents", { key: writer, body: { name: "x", identifier: "yes" } })).status).toBe(201);
    });

    it("cannot create an agent in another project, of this organization or another, by naming it", async () => {
      const { key, sibling, stranger } = await threeProjects(ctx);
      for (const target of [sibling.projectId, stranger.projectId]) {
        const res = await call(ctx, "POST", "/v1/agents", { key, body: { name: "x", identifier: "intruder", projectId: target } });
        expectProblem(res, 400, "validation_failed");
        expect(fieldPaths(res)).toContain("projectId");
        expect((await agentsOf(target)).map((a) => a.identifier)).toEqual(["default"]);
      }
    });
  });
});
