import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { generateApiKey } from "../../src/domain/api-key.js";
import { useTestContext } from "../support/context.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

describe("HTTP conventions", () => {
  it("serves an OpenAPI 3.1 document generated from the routes, with every operation and its errors", async () => {
    const res = await call(ctx, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId));
    expect(operations.sort()).toEqual(
      [
        "cancelProvision", "claim", "previewClaim", "createAgent", "createKey", "createProvision", "deleteAgent", "getAgent", "getDefaultAgent",
        "getMe", "getProvision", "healthz", "listAgents", "listKeys", "listProvisions", "readyz", "regenerateClaimLink",
        "revokeKey", "rollKey", "updateAgent",
        "listMembers", "getMember", "updateMember", "confirmMember", "confirmMembers", "suspendMember", "reactivateMember", "deleteMember",
        "beginRecovery", "completeRecovery", "cancelRecovery",
        "listGroups", "createGroup", "updateGroup", "deleteGroup", "addGroupMember", "removeGroupMember", "getPolicy", "updatePolicy",
        "createInvitation", "listInvitations", "getInvitation", "revokeInvitation", "resendInvitation", "createOrganization", "updateOrganization",
        "listAuditEvents", "exportAuditEvents",
        "createWebhook", "listWebhooks", "getWebhook", "updateWebhook", "deleteWebhook", "rotateWebhookSecret", "listWebhookDeliveries", "retryWebhookDelivery", "testWebhook",
        "idleReport", "seatReport",
        "listScimTokens", "createScimToken", "revokeScimToken", "unlinkScimMember",
        "listOrganizationKeys", "createOrganizationKey", "revokeOrganizationKey", "rollOrganizationKey",
        "listOAuthApps", "createOAuthApp", "disableOAuthApp", "enableOAuthApp", "deleteOAuthApp", "oauthToken", "oauthRevoke",
        "usersApiListUsers", "usersApiGetUser", "usersApiSuspendUser", "usersApiReactivateUser",
      ].sort(),
    );
    expect(doc.paths["/v1/team/provisions"].post.responses["409"].content["application/problem+json"]).toBeDefined();
    expect(doc.components.securitySchemes.adminKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("serves an interactive reference at /docs, from Handoff itself, under a strict CSP (finding 7)", async () => {
    const res = await ctx.app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/docs\/)/); // no inline script
    const scripts = [...html.matchAll(/src="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/href="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of [...scripts, ...styles]) {
      const asset = await ctx.app.request(path);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(/javascript|css/);
    }
    const init = await (await ctx.app.request(scripts.find((s) => s.endsWith("init.js"))!)).text();
    expect(init).toContain("/openapi.json");
  });

  it("serves the viewer's own files at the version package.json pins", async () => {
    const pinned = (JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> }).dependencies["swagger-ui-dist"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/); // exact, no range
    const html = await (await ctx.app.request("/docs")).text();
    const bundle = /src="(\/docs\/[^"]*swagger-ui-bundle\.js)"/.exec(html)![1]!;
    expect(bundle).toContain(pinned);
    const served = await (await ctx.app.request(bundle)).text();
    expect(served).toBe(readFileSync(createRequire(import.meta.url).resolve("swagger-ui-dist/swagger-ui-bundle.js"), "utf8"));
    expect((await ctx.app.request("/docs/assets/0.0.1/swagger-ui-bundle.js")).status).toBe(404);
    expect((await ctx.app.request(`/docs/assets/${pinned}/package.json`)).status).toBe(404);
  });

  it("answers /healthz and /readyz", async () => {
    expect((await call(ctx, "GET", "/healthz")).body).toEqual({ status: "ok" });
    const ready = await call(ctx, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", database: "ok" });
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const res = await call(ctx, "GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 404, code: "not_found", type: expect.stringContaining("not-found") });
  });

  it("gives every response an x-request-id, keeping a sane one the caller sent", async () => {
    const fresh = await call(ctx, "GET", "/healthz");
    expect(fresh.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    const kept = await call(ctx, "GET", "/v1/me", { headers: { "x-request-id": "trace-abc.123" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-abc.123");
    expect(kept.body.requestId).toBe("trace-abc.123");
    const replaced = await call(ctx, "GET", "/healthz", { headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("sets security headers", async () => {
    const res = await call(ctx, "GET", "/healthz");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("refuses malformed and mistyped keys without touching the database", async () => {
    let queries = 0;
    const countingDb = ctx.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const app = createApp({ ...ctx.deps, db: countingDb });
    const typo = generateApiKey().replace(/.$/, (c) => (c === "x" ? "y" : "x"));
    for (const key of ["hnd_short", typo, "sk_live_" + "a".repeat(40)]) {
      const res = await app.request("/v1/me", { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(401);
    }
    expect(queries).toBe(0);
    const unknown = await app.request("/v1/me", { headers: { authorization: `Bearer ${generateApiKey()}` } });
    expect(unknown.status).toBe(401);
    expect(queries).toBe(1);
  });
});
