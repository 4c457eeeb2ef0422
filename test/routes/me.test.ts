import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { orgWithProject } from "../support/factories.js";
import { call } from "../support/http.js";
import { itRefusesBadCredentials } from "../support/security.js";
import { createAgent, expectProblem, keyWithScopes, mintKey, threeProjects } from "./keys/helpers.js";

const ctx = useTestContext();

describe("GET /v1/me", () => {
  describe("happy", () => {
    it("describes the provisioned key: key, project, organization, default agent and pending provision", async () => {
      const { org, provision: p, key } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", "/v1/me", { key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        key: { id: p.apiKeyId, name: "Provisioned key", prefix: key.slice(0, 12), scopes: [], expiresAt: null },
        project: { id: p.projectId, name: "Ada Lovelace's project", createdAt: ctx.clock.now().toISOString() },
        organization: { id: org.organizationId, name: "Acme" },
        agent: expect.objectContaining({ id: p.agentId, identifier: "default", isDefault: true, projectId: p.projectId }),
        provision: { id: p.id, status: "pending", expiresAt: p.expiresAt },
      });
    });

    it("shows the agent the key is bound to, and the key's scopes and expiry", async () => {
      const { key } = await orgWithProject(ctx);
      const agent = await createAgent(ctx, key, "support-bot");
      const minted = await mintKey(ctx, key, { agentId: agent.id, scopes: ["agents:read"], expiresIn: 3600 });
      const res = await call(ctx, "GET", "/v1/me", { key: minted.key });
      expect(res.status).toBe(200);
      expect(res.body.key).toMatchObject({ id: minted.id, scopes: ["agents:read"], expiresAt: minted.expiresAt });
      expect(res.body.key.expiresAt).toBe(new Date(ctx.clock.now().getTime() + 3600_000).toISOString());
      expect(res.body.agent).toMatchObject({ id: agent.id, identifier: "support-bot", isDefault: false });
    });

    it("falls back to the default agent for a key bound to no agent", async () => {
      const { provision: p, key } = await orgWithProject(ctx);
      const unbound = await mintKey(ctx, key);
      expect(unbound.agentId).toBeNull();
      const res = await call(ctx, "GET", "/v1/me", { key: unbound.key });
      expect(res.status).toBe(200);
      expect(res.body.agent.id).toBe(p.agentId);
    });

    it("needs no scope: a key holding one unrelated scope still reads it", async () => {
      const { key } = await orgWithProject(ctx);
      const narrow = await keyWithScopes(ctx, key, ["keys:read"]);
      const res = await call(ctx, "GET", "/v1/me", { key: narrow });
      expect(res.status).toBe(200);
      expect(res.body.key.scopes).toEqual(["keys:read"]);
    });
  });

  describe("errors", () => {
    it("answers 401 api_key_expired once the key's own expiry is reached, not a millisecond before", async () => {
      const { key } = await orgWithProject(ctx);
      const minted = await mintKey(ctx, key, { expiresIn: 60 });
      ctx.clock.advance(59_999);
      expect((await call(ctx, "GET", "/v1/me", { key: minted.key })).status).toBe(200);
      ctx.clock.advance(1);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: minted.key }), 401, "api_key_expired");
    });

    it("answers 401 provision_expired once the provision has expired, before any sweep", async () => {
      const { org } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: org.adminKey, body: { expiresIn: 120 } });
      expect(res.status).toBe(201);
      expect((await call(ctx, "GET", "/v1/me", { key: res.body.apiKey })).status).toBe(200);
      ctx.clock.advanceSeconds(120);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: res.body.apiKey }), 401, "provision_expired");
    });

    it("answers 401 api_key_revoked for the key the caller just revoked", async () => {
      const { key } = await orgWithProject(ctx);
      const minted = await mintKey(ctx, key);
      expect((await call(ctx, "GET", "/v1/me", { key: minted.key })).status).toBe(200);
      expect((await call(ctx, "DELETE", `/v1/keys/${minted.id}`, { key })).status).toBe(200);
      expectProblem(await call(ctx, "GET", "/v1/me", { key: minted.key }), 401, "api_key_revoked");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "GET", path: "/v1/me" });

    it("describes only the caller's own project, never a sibling's or another organization's", async () => {
      const { mine, sibling, stranger } = await threeProjects(ctx);
      for (const [key, projectId, orgId] of [
        [mine.key, mine.provision.projectId, mine.org.organizationId],
        [sibling.apiKey, sibling.projectId, mine.org.organizationId],
      ] as const) {
        const res = await call(ctx, "GET", "/v1/me", { key });
        expect(res.body.project.id).toBe(projectId);
        expect(res.body.organization.id).toBe(orgId);
      }
      const other = await call(ctx, "GET", "/v1/me", { key: stranger.apiKey });
      expect(other.body.organization.id).not.toBe(mine.org.organizationId);
      expect(other.body.project.id).toBe(stranger.projectId);
    });

    it("never returns the key itself nor its hash", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "GET", "/v1/me", { key });
      const row = await ctx.db.selectFrom("api_keys").select("secret_hash").where("id", "=", p.apiKeyId).executeTakeFirstOrThrow();
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(key);
      expect(text).not.toContain(row.secret_hash);
      expect(text).not.toContain(key.slice(12));
    });
  });
});
