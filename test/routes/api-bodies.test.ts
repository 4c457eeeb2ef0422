import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { call } from "../support/http.js";

// src/http/api-bodies.ts: which requests have their bodies limited and parsed, and that a refusal still
// carries the headers every answer carries.
const ctx = useTestContext();

function expectUsualHeaders(headers: Headers) {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
}

describe("API request bodies", () => {
  it("refuses an oversized /v1 body with a 413 that has the security headers", async () => {
    const o = await org(ctx);
    const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { metadata: { blob: "x".repeat(ctx.config.maxBodyBytes) } } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe("payload_too_large");
    expectUsualHeaders(res.headers);
  });

  it("refuses broken JSON under /v1 before any route or credential check, with the security headers", async () => {
    const res = await call(ctx, "POST", "/v1/team/provisions", { body: '{"role":', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_json");
    expectUsualHeaders(res.headers);
  });

  it("limits the OAuth endpoints' form bodies under /v1beta1 without parsing them as JSON", async () => {
    const big = await call(ctx, "POST", "/v1beta1/users/oauth2/token", {
      body: "grant_type=client_credentials&pad=" + "x".repeat(ctx.config.maxBodyBytes),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(big.status).toBe(413);
    expectUsualHeaders(big.headers);
    // JSON there is not this check's business: the endpoint answers as OAuth says (no client: 401).
    const json = await call(ctx, "POST", "/v1beta1/users/oauth2/token", { body: '{"broken":', headers: { "content-type": "application/json" } });
    expect(json.status).not.toBe(413);
    expect(json.body.code).not.toBe("invalid_json");
  });

  it("lets a GET under /v1 through, and treats paths that only start like /v1 as outside it", async () => {
    const o = await org(ctx);
    const get = await ctx.app.request("/v1/team/members", { method: "GET", headers: { authorization: `Bearer ${o.adminKey}` } });
    expect(get.status).toBe(200);
    // "/v1x" is not under "/v1": no JSON check (an unknown route: 404, not 400 invalid_json).
    const lookalike = await call(ctx, "POST", "/v1x/anything", { body: '{"broken":', headers: { "content-type": "application/json" } });
    expect(lookalike.status).toBe(404);
  });
});
