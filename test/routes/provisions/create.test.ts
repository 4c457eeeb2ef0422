import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

describe("POST /v1/team/provisions", () => {
  describe("happy", () => {
    it("creates user, membership, project, default agent, key, provision and audit event, and the key works at once", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", {
        key: o.adminKey,
        body: { name: "Ada Lovelace", email: "ada@example.com", role: "admin", projectName: "Engines", metadata: { team: "r&d" } },
      });
      expect(res.status).toBe(201);
      const p = res.body;
      expect(p).toMatchObject({
        status: "pending",
        role: "admin",
        skipOnboarding: true,
        name: "Ada Lovelace",
        email: "ada@example.com",
        projectName: "Engines",
        metadata: { team: "r&d" },
      });
      expect(p.id).toMatch(/^prv_/);
      expect(p.userId).toMatch(/^usr_/);
      expect(p.projectId).toMatch(/^prj_/);
      expect(p.agentId).toMatch(/^agt_/);
      expect(p.apiKey).toMatch(/^hnd_/);
      expect(p.claimUrl).toMatch(/^http:\/\/handoff\.test\/claim\/t1\.[\w-]+\.[\w-]+$/);
      expect(new Date(p.expiresAt).getTime() - ctx.clock.now().getTime()).toBe(7 * 24 * 3600 * 1000);

      const user = await ctx.db.selectFrom("users").selectAll().where("id", "=", p.userId).executeTakeFirstOrThrow();
      expect(user.status).toBe("placeholder");
      const membership = await ctx.db.selectFrom("memberships").selectAll().where("user_id", "=", p.userId).executeTakeFirstOrThrow();
      expect(membership).toMatchObject({ organization_id: o.organizationId, role: "admin" });
      const agent = await ctx.db.selectFrom("agents").selectAll().where("id", "=", p.agentId).executeTakeFirstOrThrow();
      expect(agent).toMatchObject({ project_id: p.projectId, identifier: "default", is_default: true });
      const audit = await ctx.db.selectFrom("audit_events").selectAll().where("target_id", "=", p.id).execute();
      expect(audit.map((a) => a.action)).toEqual(["provision.created"]);

      const me = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
      expect(me.status).toBe(200);
      expect(me.body.project.id).toBe(p.projectId);
    });

    it("applies defaults to an empty body", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ role: "member", skipOnboarding: true, name: null, email: null, projectName: "Default project" });
    });

    it("honours expiresIn", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { expiresIn: 3600 });
      expect(new Date(p.expiresAt).getTime()).toBe(ctx.clock.now().getTime() + 3600_000);
    });
  });

  describe("errors", () => {
    it.each([
      [{ role: "owner" }, "role"],
      [{ email: "not-an-email" }, "email"],
      [{ expiresIn: 59 }, "expiresIn"],
      [{ expiresIn: 30 * 24 * 3600 + 1 }, "expiresIn"],
      [{ expiresIn: 1.5 }, "expiresIn"],
      [{ skipOnboarding: "yes" }, "skipOnboarding"],
      [{ name: "" }, "name"],
      [{ metadata: { blob: "x".repeat(5000) } }, "metadata"],
      [{ metadata: [1, 2] }, "metadata"],
      [{ skip_onboarding: false }, "skip_onboarding"],
    ])("refuses %j naming the field", async (body, field) => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", o.organizationId).execute()).toEqual([]);
    });

    it("refuses a body that is not JSON", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: "{oops" });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("invalid_json");
    });

    it("refuses a body sent as another media type (415) instead of ignoring it", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", {
        key: o.adminKey,
        body: JSON.stringify({ role: "admin" }),
        headers: { "content-type": "text/plain" },
      });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe("unsupported_media_type");
    });

    it("refuses a body over the size limit (413)", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", {
        key: o.adminKey,
        body: { metadata: { blob: "x".repeat(ctx.config.maxBodyBytes) } },
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe("payload_too_large");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/provisions", body: {} });
  });
});
