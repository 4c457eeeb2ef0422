import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { orgWithProject } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { allScopesBut, expectProblem, fieldPaths, keyWithScopes, mintKey, threeProjects } from "./helpers.js";

const ctx = useTestContext();

const keyRow = (id: string) => ctx.db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const revocations = (id: string) =>
  ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", id).where("action", "=", "api_key.revoked").execute();

describe("DELETE /v1/keys/{id}", () => {
  describe("happy", () => {
    it("revokes the key: 401 api_key_revoked on its very next request, although it was cached", async () => {
      const { key } = await orgWithProject(ctx);
      const victim = await mintKey(ctx, key);
      expect((await call(ctx, "GET", "/v1/me", { key: victim.key })).status).toBe(200); // now in the key cache
      const res = await call(ctx, "DELETE", `/v1/keys/${victim.id}`, { key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: victim.id, status: "revoked", revokedAt: ctx.clock.now().toISOString() });
      expect(res.body).not.toHaveProperty("key");
      expectProblem(await call(ctx, "GET", "/v1/me", { key: victim.key }), 401, "api_key_revoked");
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      const audit = await revocations(victim.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_type: "api_key", target_type: "api_key" });
    });

    it("revoking twice is a no-op 200: same revokedAt, one audit event", async () => {
      const { key } = await orgWithProject(ctx);
      const victim = await mintKey(ctx, key);
      const first = await call(ctx, "DELETE", `/v1/keys/${victim.id}`, { key });
      ctx.clock.advanceSeconds(5);
      const second = await call(ctx, "DELETE", `/v1/keys/${victim.id}`, { key });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await revocations(victim.id)).toHaveLength(1);
    });

    it("lets a key revoke itself", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const res = await call(ctx, "DELETE", `/v1/keys/${p.apiKeyId}`, { key });
      expect(res.status).toBe(200);
      expectProblem(await call(ctx, "GET", "/v1/keys", { key }), 401, "api_key_revoked");
    });

    it("ends a rolled key's grace period at once", async () => {
      const { key, provision: p } = await orgWithProject(ctx);
      const rolled = await call(ctx, "POST", `/v1/keys/${p.apiKeyId}/roll`, { key, body: { gracePeriod: 3600 } });
      expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
      expect((await call(ctx, "DELETE", `/v1/keys/${p.apiKeyId}`, { key: rolled.body.key })).status).toBe(200);
      expectProblem(await call(ctx, "GET", "/v1/me", { key }), 401, "api_key_revoked");
      expect((await call(ctx, "GET", "/v1/me", { key: rolled.body.key })).status).toBe(200);
    });

    it("records the revocation of a key that had already expired", async () => {
      const { key } = await orgWithProject(ctx);
      const short = await mintKey(ctx, key, { expiresIn: 60 });
      ctx.clock.advanceSeconds(61);
      const res = await call(ctx, "DELETE", `/v1/keys/${short.id}`, { key });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe("revoked");
      expect((await keyRow(short.id)).revoked_at?.toISOString()).toBe(ctx.clock.now().toISOString());
    });
  });

  describe("errors", () => {
    it("answers 404 for an unknown key", async () => {
      const { key } = await orgWithProject(ctx);
      expectProblem(await call(ctx, "DELETE", `/v1/keys/key_doesnotexist000000000`, { key }), 404, "not_found");
    });

    it("refuses a malformed id with a 400 naming param.id", async () => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "DELETE", `/v1/keys/nope`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["param.id"]);
    });

    it("refuses an id over 64 characters naming param.id", async () => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "DELETE", `/v1/keys/key_${"a".repeat(61)}`, { key });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["param.id"]);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "project", { method: "DELETE", path: "/v1/keys/key_V1StGXR8Z5jdHi6BmyT2a" });

    it("answers 404 for another project's key (same organization), which keeps working", async () => {
      const { key, sibling } = await threeProjects(ctx);
      expectProblem(await call(ctx, "DELETE", `/v1/keys/${sibling.apiKeyId}`, { key }), 404, "not_found");
      expect((await keyRow(sibling.apiKeyId)).revoked_at).toBeNull();
      expect((await call(ctx, "GET", "/v1/me", { key: sibling.apiKey })).status).toBe(200);
    });

    it("answers 404 for another organization's key, which keeps working", async () => {
      const { key, stranger } = await threeProjects(ctx);
      expectProblem(await call(ctx, "DELETE", `/v1/keys/${stranger.apiKeyId}`, { key }), 404, "not_found");
      expect((await call(ctx, "GET", "/v1/me", { key: stranger.apiKey })).status).toBe(200);
    });

    it("answers 404 for the organization's admin key", async () => {
      const { key, mine } = await threeProjects(ctx);
      const admin = await ctx.db.selectFrom("api_keys").select("id").where("organization_id", "=", mine.org.organizationId).where("kind", "=", "admin").executeTakeFirstOrThrow();
      expectProblem(await call(ctx, "DELETE", `/v1/keys/${admin.id}`, { key }), 404, "not_found");
      expect((await keyRow(admin.id)).revoked_at).toBeNull();
    });

    it("needs the keys:write scope (403 insufficient_scope)", async () => {
      const { key } = await orgWithProject(ctx);
      const victim = await mintKey(ctx, key);
      const without = await keyWithScopes(ctx, key, allScopesBut("keys:write"));
      expectProblem(await call(ctx, "DELETE", `/v1/keys/${victim.id}`, { key: without }), 403, "insufficient_scope");
      expect((await keyRow(victim.id)).revoked_at).toBeNull();
    });
  });
});

describe("DELETE /v1/keys/{id}: scope coverage", () => {
  it("a narrow key cannot revoke a wider key (403) but may revoke itself", async () => {
    const { key } = await orgWithProject(ctx);
    const narrow = await call(ctx, "POST", "/v1/keys", { key, body: { name: "narrow", scopes: ["keys:write"] } });
    const me = await call(ctx, "GET", "/v1/me", { key });
    const denied = await call(ctx, "DELETE", `/v1/keys/${me.body.key.id}`, { key: narrow.body.key });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe("insufficient_scope");
    expect((await call(ctx, "GET", "/v1/me", { key })).status).toBe(200);
    const self = await call(ctx, "DELETE", `/v1/keys/${narrow.body.id}`, { key: narrow.body.key });
    expect(self.status).toBe(200);
  });
});
