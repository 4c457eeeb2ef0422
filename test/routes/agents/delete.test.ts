import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, createAgent, expectProblem, keyWithScopes, mintKey, threeProjects } from "../keys/helpers.js";

const ctx = useTestContext();

const agentRow = (id: string) => ctx.db.selectFrom("agents").selectAll().where("id", "=", id).executeTakeFirst();
const keyRow = (id: string) => ctx.db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("DELETE /v1/agents/{id}", () => {
  describe("happy", () => {
    it("deletes the agent, revokes the keys bound to it at once, and leaves other keys alone", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "doomed");
      const bound = await mintKey(ctx, key, { agentId: a.id });
      const bound2 = await mintKey(ctx, key, { agentId: a.id });
      const unbound = await mintKey(ctx, key);
      // Warm the in-process key cache so the test proves it is invalidated.
      for (const k of [bound, bound2, unbound]) expect((await call(ctx, "GET", "/v1/me", { key: k.key })).status).toBe(200);

      const res = await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key });
      expect(res.status).toBe(204);
      expect(res.body).toBeNull();
      expect(await agentRow(a.id)).toBeUndefined();

      for (const k of [bound, bound2]) {
        expectProblem(await call(ctx, "GET", "/v1/me", { key: k.key }), 401, "api_key_revoked");
        expect((await keyRow(k.id)).revoked_at?.getTime()).toBe(ctx.clock.now().getTime());
      }
      expect((await call(ctx, "GET", "/v1/me", { key: unbound.key })).status).toBe(200);
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      expect((await keyRow(p.apiKeyId)).revoked_at).toBeNull();

      const audit = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", a.id).where("action", "=", "agent.deleted").execute();
      expect(audit).toHaveLength(1);
      expect((audit[0]!.metadata as { revokedKeyIds: string[] }).revokedKeyIds.sort()).toEqual([bound.id, bound2.id].sort());
    });

    it("keeps the original revocation time of a key already revoked, and frees the identifier", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "reused");
      const earlier = await mintKey(ctx, key, { agentId: a.id });
      await call(ctx, "DELETE", `/v1/keys/${earlier.id}`, { key });
      const revokedAt = (await keyRow(earlier.id)).revoked_at!.getTime();
      ctx.clock.advanceSeconds(30);
      expect((await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key })).status).toBe(204);
      expect((await keyRow(earlier.id)).revoked_at!.getTime()).toBe(revokedAt);
      expect((await call(ctx, "POST", "/v1/agents", { key, body: { name: "again", identifier: "reused" } })).status).toBe(201);
    });

    it("lets a key delete the agent it is bound to, after which the key no longer works", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "self");
      const own = await mintKey(ctx, key, { agentId: a.id });
      expect((await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key: own.key })).status).toBe(204);
      expectProblem(await call(ctx, "GET", "/v1/agents", { key: own.key }), 401, "api_key_revoked");
    });
  });

  describe("errors", () => {
    it("refuses to delete the default agent (409 default_agent_protected) and keeps its keys working", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "DELETE", `/v1/agents/${p.agentId}`, { key }), 409, "default_agent_protected");
      expect(await agentRow(p.agentId)).toBeDefined();
      expect((await keyRow(p.apiKeyId)).revoked_at).toBeNull();
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
    });

    it("answers 404 for an unknown agent and for one deleted already", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "once");
      expect((await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key })).status).toBe(204);
      expectProblem(await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key }), 404, "not_found");
      expectProblem(await call(ctx, "DELETE", "/v1/agents/agt_nothing", { key }), 404, "not_found");
    });

    it("a key created for an agent while it is being deleted ends up revoked or refused, never live", async () => {
      const { key } = await orgWithProject(ctx);
      for (let round = 0; round < 5; round++) {
        const a = await createAgent(ctx, key, `racy-${round}`);
        const [created, ...rest] = await Promise.all([
          ...Array.from({ length: 5 }, () => call(ctx, "POST", "/v1/keys", { key, body: { name: "racing", agentId: a.id } })),
          call(ctx, "DELETE", `/v1/agents/${a.id}`, { key }),
        ]);
        const deleted = rest.pop()!;
        expect(deleted.status).toBe(204);
        for (const r of [created!, ...rest]) {
          if (r.status === 201) {
            expectProblem(await call(ctx, "GET", "/v1/me", { key: r.body.key }), 401, "api_key_revoked");
          } else {
            expectProblem(r, 400, "validation_failed");
          }
        }
      }
    });

    it("a rename racing the delete ends as 200 or 404, never a 500, and the agent is gone", async () => {
      const { key } = await orgWithProject(ctx);
      for (let round = 0; round < 5; round++) {
        const a = await createAgent(ctx, key, `renamed-${round}`);
        const replies = await Promise.all([
          ...Array.from({ length: 4 }, (_, i) => call(ctx, "PATCH", `/v1/agents/${a.id}`, { key, body: { name: `n${i}` } })),
          call(ctx, "DELETE", `/v1/agents/${a.id}`, { key }),
        ]);
        expect(replies.pop()!.status).toBe(204);
        for (const r of replies) expect([200, 404]).toContain(r.status);
        expect(await agentRow(a.id)).toBeUndefined();
      }
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "DELETE", path: "/v1/agents/agt_V1StGXR8Z5jdHi6BmyT2a" });

    it("answers 404 for another project's agent (same organization) and neither deletes it nor revokes its keys", async () => {
      const { key, sibling } = await threeProjects(ctx);
      const theirs = await createAgent(ctx, sibling.apiKey, "theirs");
      const theirKey = await mintKey(ctx, sibling.apiKey, { agentId: theirs.id });
      expectProblem(await call(ctx, "DELETE", `/v1/agents/${theirs.id}`, { key }), 404, "not_found");
      expect(await agentRow(theirs.id)).toBeDefined();
      expect((await call(ctx, "GET", "/v1/me", { key: theirKey.key })).status).toBe(200);
    });

    it("answers 404 for another organization's agent and leaves it", async () => {
      const { key, stranger } = await threeProjects(ctx);
      const theirs = await createAgent(ctx, stranger.apiKey, "theirs");
      expectProblem(await call(ctx, "DELETE", `/v1/agents/${theirs.id}`, { key }), 404, "not_found");
      expect(await agentRow(theirs.id)).toBeDefined();
    });

    it("needs the agents:write scope (403 insufficient_scope)", async () => {
      const { key } = await orgWithProject(ctx);
      const a = await createAgent(ctx, key, "kept");
      const without = await keyWithScopes(ctx, key, allScopesBut("agents:write"));
      expectProblem(await call(ctx, "DELETE", `/v1/agents/${a.id}`, { key: without }), 403, "insufficient_scope");
      expect(await agentRow(a.id)).toBeDefined();
    });
  });
});
