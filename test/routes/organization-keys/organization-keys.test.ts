import { describe, expect, it } from "vitest";
import { TEAM_SCOPES } from "../../../src/domain/team-scopes.js";
import { useTestContext } from "../../support/context.js";
import { org, provision, type Org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

const PATH = "/v1/team/api-keys";
const list = (key: string) => call(ctx, "GET", PATH, { key });
const create = (key: string, body: unknown) => call(ctx, "POST", PATH, { key, body });
const revoke = (key: string, id: string) => call(ctx, "DELETE", `${PATH}/${id}`, { key });
const roll = (key: string, id: string, body: unknown = {}) => call(ctx, "POST", `${PATH}/${id}/roll`, { key, body });
const members = (key: string) => call(ctx, "GET", "/v1/team/members", { key });

async function bootstrapKeyId(o: Org) {
  const row = await ctx.db.selectFrom("api_keys").select("id").where("organization_id", "=", o.organizationId).where("name", "=", "Bootstrap admin key").executeTakeFirstOrThrow();
  return row.id;
}

async function keyWith(o: Org, scopes: string[], extra: Record<string, unknown> = {}) {
  const res = await create(o.adminKey, { name: `key ${scopes.join(" ")}`, scopes, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; key: string; scopes: string[] };
}

describe("organization API keys", () => {
  describe("happy", () => {
    it("the bootstrap key is one of them: every scope, created by the server, listed with its usage", async () => {
      const o = await org(ctx);
      await members(o.adminKey);
      await ctx.settle();
      const res = await list(o.adminKey);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).toMatchObject({ name: "Bootstrap admin key", status: "active", scopes: [...TEAM_SCOPES], createdByUserId: null, lastUsedAt: ctx.clock.now().toISOString() });
      expect(JSON.stringify(res.body)).not.toContain(o.adminKey);
    });

    it("creates a scoped key shown once: it works within its scopes and is refused outside them", async () => {
      const o = await org(ctx);
      const k = await keyWith(o, ["members:read", "provisions:read"]);
      expect(k.key).toMatch(/^hnd_/);
      expect(k.scopes).toEqual(["provisions:read", "members:read"]);
      expect((await members(k.key)).status).toBe(200);
      expect((await call(ctx, "GET", "/v1/team/provisions", { key: k.key })).status).toBe(200);
      const refused = await call(ctx, "POST", "/v1/team/provisions", { key: k.key, body: {} });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: "insufficient_scope" });
      expect(refused.body.detail).toContain("provisions:write");
      expect((await list(k.key)).body.code).toBe("insufficient_scope");
      const stored = await ctx.db.selectFrom("api_keys").select(["secret_hash"]).where("id", "=", k.id).executeTakeFirstOrThrow();
      expect(stored.secret_hash).not.toContain(k.key);
    });

    it("an expiring key stops exactly at its expiry", async () => {
      const o = await org(ctx);
      const k = await keyWith(o, ["members:read"], { expiresIn: 60 });
      ctx.clock.advance(59_999);
      expect((await members(k.key)).status).toBe(200);
      ctx.clock.advance(1);
      const res = await members(k.key);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("api_key_expired");
    });

    it("rolls with a grace period: both work until it ends, then only the new one", async () => {
      const o = await org(ctx);
      const k = await keyWith(o, ["members:read"]);
      const res = await roll(o.adminKey, k.id, { gracePeriod: 300 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ scopes: ["members:read"], previous: { id: k.id, replacedByKeyId: res.body.id } });
      expect((await members(k.key)).status).toBe(200);
      expect((await members(res.body.key)).status).toBe(200);
      ctx.clock.advance(300_000);
      expect((await members(k.key)).body.code).toBe("api_key_expired");
      expect((await members(res.body.key)).status).toBe(200);
      expect((await roll(o.adminKey, k.id)).body.code).toBe("key_revoked");
    });

    it("the bootstrap key can revoke itself once a replacement exists; it stops at once", async () => {
      const o = await org(ctx);
      const replacement = await keyWith(o, [...TEAM_SCOPES]);
      const res = await revoke(o.adminKey, await bootstrapKeyId(o));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe("revoked");
      expect((await members(o.adminKey)).body.code).toBe("api_key_revoked");
      expect((await members(replacement.key)).status).toBe(200);
      expect((await revoke(replacement.key, await bootstrapKeyId(o))).status).toBe(200);
      const events = await auditActions(ctx, o, await bootstrapKeyId(o));
      expect(events.map((e) => e.action)).toEqual(["organization_api_key.revoked"]);
    });

    it("an owner's session creates keys bound by the owner's standing", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await call(ctx, "POST", PATH, { body: { name: "SIEM", scopes: ["members:read", "members:suspend"] }, headers: asMember(owner) });
      expect(res.status).toBe(201);
      expect(res.body.createdByUserId).toBe(owner.userId);
      expect((await members(res.body.key)).status).toBe(200);
    });
  });

  describe("errors", () => {
    it("refuses unknown scopes, no scopes and bad expiries, naming the field", async () => {
      const o = await org(ctx);
      for (const body of [{ name: "x", scopes: ["everything"] }, { name: "x", scopes: [] }, { name: "x" }, { name: "x", scopes: ["members:read"], expiresIn: 5 }]) {
        const res = await create(o.adminKey, body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe("validation_failed");
      }
    });

    it("answers 404 for an unknown key, a project key's id and another organization's key", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const p = await provision(ctx, o);
      expect((await revoke(o.adminKey, "key_doesnotexist")).status).toBe(404);
      expect((await revoke(o.adminKey, p.apiKeyId)).status).toBe(404);
      expect((await revoke(o.adminKey, await bootstrapKeyId(other))).status).toBe(404);
      expect((await roll(o.adminKey, await bootstrapKeyId(other))).status).toBe(404);
      expect((await members(other.adminKey)).status).toBe(200);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: PATH });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: PATH, body: { name: "x", scopes: ["members:read"] } });
    itRefusesBadCredentials(ctx, "admin", { method: "DELETE", path: `${PATH}/key_whatever` });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: `${PATH}/key_whatever/roll`, body: {} });
    itGuardsTeamSessions(ctx, "manage_integrations", async (o) => ({ method: "POST", path: PATH, body: { name: "x", scopes: ["members:read"] } }));
    itGuardsTeamSessions(ctx, "manage_integrations", async (o) => ({ method: "DELETE", path: `${PATH}/${await bootstrapKeyId(o)}` }));

    it("no key grants more than it holds: a narrow key cannot mint, roll or revoke a wider one, but can revoke itself", async () => {
      const o = await org(ctx);
      const narrow = await keyWith(o, ["integrations:write", "members:read"]);
      const wide = await create(narrow.key, { name: "wider", scopes: ["members:read", "members:delete"] });
      expect(wide.status).toBe(403);
      expect(wide.body).toMatchObject({ code: "insufficient_scope", errors: [{ path: "scopes" }] });
      expect(wide.body.detail).toContain("members:delete");
      const child = await create(narrow.key, { name: "child", scopes: ["members:read"] });
      expect(child.status).toBe(201);
      expect((await revoke(narrow.key, await bootstrapKeyId(o))).body.code).toBe("insufficient_scope");
      expect((await roll(narrow.key, await bootstrapKeyId(o))).body.code).toBe("insufficient_scope");
      expect((await revoke(narrow.key, narrow.id)).status).toBe(200);
      expect((await members(narrow.key)).body.code).toBe("api_key_revoked");
    });

    it("a key created by a key never outlives it", async () => {
      const o = await org(ctx);
      const parent = await keyWith(o, ["integrations:write", "members:read"], { expiresIn: 600 });
      const child = await create(parent.key, { name: "child", scopes: ["members:read"] });
      expect(child.body.expiresAt).toBe(new Date(ctx.clock.now().getTime() + 600_000).toISOString());
    });

    it("a person grants only what they hold: an admin cannot grant members:delete when deletion is kept for owners", async () => {
      const o = await org(ctx);
      await ctx.db.updateTable("organizations").set({ delete_permission: "owners" }).where("id", "=", o.organizationId).execute();
      const admin = await addMember(ctx, o, { role: "admin" });
      const res = await call(ctx, "POST", PATH, { body: { name: "x", scopes: ["members:delete"] }, headers: asMember(admin) });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("insufficient_scope");
    });

    it("a key stops acting when its creator loses the permission, is suspended or leaves; it acts with its creator's standing", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      const owner = await addMember(ctx, o, { role: "owner" });
      const target = await addMember(ctx, o, { role: "member" });
      const res = await call(ctx, "POST", PATH, { body: { name: "x", scopes: ["members:read", "members:suspend"] }, headers: asMember(admin) });
      const key = res.body.key as string;
      // An admin's key cannot act on an owner, nor on the admin who made it.
      expect((await call(ctx, "POST", `/v1/team/members/${owner.userId}/suspend`, { key, body: {} })).body.code).toBe("owner_required");
      expect((await call(ctx, "POST", `/v1/team/members/${admin.userId}/suspend`, { key, body: {} })).body.code).toBe("cannot_act_on_self");
      expect((await call(ctx, "POST", `/v1/team/members/${target.userId}/suspend`, { key, body: {} })).status).toBe(200);
      await ctx.db.updateTable("memberships").set({ role: "member" }).where("user_id", "=", admin.userId).execute();
      const demoted = await call(ctx, "POST", `/v1/team/members/${target.userId}/reactivate`, { key });
      expect(demoted.status).toBe(403);
      expect(demoted.body.code).toBe("permission_required");
      expect((await members(key)).body.code).toBe("permission_required");
      await ctx.db.updateTable("memberships").set({ role: "admin", state: "suspended", suspended_at: ctx.clock.now(), deauthorize_at: ctx.clock.now(), suspended_from: "active" }).where("user_id", "=", admin.userId).execute();
      expect((await members(key)).body.code).toBe("permission_required");
      await ctx.db.deleteFrom("memberships").where("user_id", "=", admin.userId).execute();
      expect((await members(key)).body.code).toBe("permission_required");
    });

    it("a project key is refused (403 admin_key_required)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      expect((await list(p.apiKey)).body.code).toBe("admin_key_required");
    });
  });

  describe("concurrency", () => {
    it("50 revokes at once: all answer the revoked key, one audit event", async () => {
      const o = await org(ctx);
      const k = await keyWith(o, ["members:read"]);
      const results = await Promise.all(Array.from({ length: 50 }, () => revoke(o.adminKey, k.id)));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(new Set(results.map((r) => r.body.revokedAt)).size).toBe(1);
      expect((await auditActions(ctx, o, k.id)).filter((e) => e.action === "organization_api_key.revoked")).toHaveLength(1);
    });

    it("50 rolls at once: exactly one new key", async () => {
      const o = await org(ctx);
      const k = await keyWith(o, ["members:read"]);
      const results = await Promise.all(Array.from({ length: 50 }, () => roll(o.adminKey, k.id)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "key_revoked")).toBe(true);
      const keys = await ctx.db.selectFrom("api_keys").select("id").where("organization_id", "=", o.organizationId).where("kind", "=", "admin").execute();
      expect(keys).toHaveLength(3);
    });
  });
});
