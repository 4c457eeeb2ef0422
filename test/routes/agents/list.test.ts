import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allPages, allScopesBut, createAgent, expectProblem, fieldPaths, keyWithScopes, threeProjects } from "../keys/helpers.js";

const ctx = useTestContext();

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

describe("GET /v1/agents", () => {
  describe("happy", () => {
    it("lists the project's agents newest first, the default agent included", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      ctx.clock.advanceSeconds(1);
      const a = await createAgent(ctx, key, "alpha");
      ctx.clock.advanceSeconds(1);
      const b = await createAgent(ctx, key, "beta");
      const res = await call(ctx, "GET", "/v1/agents", { key });
      expect(res.status).toBe(200);
      expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([b.id, a.id, p.agentId]);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.data[2]).toMatchObject({ identifier: "default", isDefault: true, name: "Default agent", projectId: p.projectId });
    });

    it("pages with limit and cursor through agents created in the same millisecond, each exactly once, in order", async () => {
      const { key } = await orgWithProject(ctx);
      for (let i = 0; i < 6; i++) await createAgent(ctx, key, `bot-${i}`);
      const whole = await call(ctx, "GET", "/v1/agents?limit=100", { key });
      expect(whole.body.data).toHaveLength(7);
      const { items, pages } = await allPages(ctx, "/v1/agents", key, 2);
      expect(pages).toBe(4);
      expect(items.map((x) => x.id)).toEqual(whole.body.data.map((x: { id: string }) => x.id));
    });

    it("gives a nextCursor exactly when more remain, and 20 items by default", async () => {
      const { key } = await orgWithProject(ctx);
      ctx.clock.advanceSeconds(1); // the default agent is the oldest
      for (let i = 0; i < 20; i++) await createAgent(ctx, key, `worker-${i}`);
      const first = await call(ctx, "GET", "/v1/agents", { key });
      expect(first.body.data).toHaveLength(20);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call(ctx, "GET", `/v1/agents?cursor=${first.body.nextCursor}`, { key });
      expect(second.body.data).toHaveLength(1);
      expect(second.body.data[0].identifier).toBe("default");
      expect(second.body.nextCursor).toBeNull();
      const exact = await call(ctx, "GET", "/v1/agents?limit=21", { key });
      expect(exact.body.data).toHaveLength(21);
      expect(exact.body.nextCursor).toBeNull();
    });
  });

  describe("errors", () => {
    it.each([
      ["not base64url", "!!!"],
      ["not JSON", b64("hello")],
      ["the wrong shape", b64({ createdAt: "2026-01-01T00:00:00.000Z", id: "agt_x" })],
      ["a bad date", b64(["yesterday", "agt_x"])],
      ["a number for the id", b64(["2026-01-01T00:00:00.000Z", 42])],
      ["a date the database cannot hold", b64(["+275760-09-13T00:00:00.000Z", "agt_x"])],
      ["year zero", b64(["0000-01-01T00:00:00.000Z", "agt_x"])],
    ])("refuses a cursor that is %s with 400 invalid_cursor", async (_what, cursor) => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "GET", `/v1/agents?cursor=${cursor}`, { key }), 400, "invalid_cursor");
    });

    it.each(["0", "101", "abc", "2.5"])("refuses limit=%s naming query.limit", async (limit) => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", `/v1/agents?limit=${limit}`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toContain("query.limit");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "GET", path: "/v1/agents" });

    it("lists only the caller's project: never a sibling project's or another organization's agents", async () => {
      const { key, mine, sibling, stranger } = await threeProjects(ctx);
      await createAgent(ctx, sibling.apiKey, "sibling-bot");
      await createAgent(ctx, stranger.apiKey, "stranger-bot");
      const res = await call(ctx, "GET", "/v1/agents?limit=100", { key });
      expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([mine.provision.agentId]);
    });

    it("a cursor taken from another project's list still yields only the caller's agents", async () => {
      const { key, stranger } = await threeProjects(ctx);
      await createAgent(ctx, key, "mine");
      const mineAll = await call(ctx, "GET", "/v1/agents?limit=100", { key });
      ctx.clock.advanceSeconds(1); // the stranger's agents are newer, so its cursor points past all of the caller's
      await createAgent(ctx, stranger.apiKey, "one");
      await createAgent(ctx, stranger.apiKey, "two");
      const theirs = await call(ctx, "GET", "/v1/agents?limit=1", { key: stranger.apiKey });
      expect(theirs.body.nextCursor).toEqual(expect.any(String));
      const res = await call(ctx, "GET", `/v1/agents?limit=100&cursor=${theirs.body.nextCursor}`, { key });
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(2);
      expect(res.body.data).toEqual(mineAll.body.data);
    });

    it("needs the agents:read scope (403 insufficient_scope)", async () => {
      const { key } = await orgWithProject(ctx);
      const without = await keyWithScopes(ctx, key, allScopesBut("agents:read"));
      expectProblem(await call(ctx, "GET", "/v1/agents", { key: without }), 403, "insufficient_scope");
      const withIt = await keyWithScopes(ctx, key, ["agents:read"]);
      expect((await call(ctx, "GET", "/v1/agents", { key: withIt })).status).toBe(200);
    });
  });
});
