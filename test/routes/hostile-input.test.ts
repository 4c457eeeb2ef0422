import { describe, expect, it } from "vitest";
import { findUnsafe, MAX_JSON_DEPTH } from "../../src/http/json-guard.js";
import { claimPath, TestBrowser } from "../support/browser.js";
import { useTestContext } from "../support/context.js";
import { org, orgWithProject, provision } from "../support/factories.js";
import { call } from "../support/http.js";
import { expectProblem, fieldPaths } from "./keys/helpers.js";

/** What an outside review sent that answered 500: each is now a 400 naming the field. */
const ctx = useTestContext();

const nested = (depth: number) => '{"a":'.repeat(depth) + '"x"' + "}".repeat(depth);

describe("hostile input never gets a 5xx", () => {
  describe("API", () => {
    it.each([
      ["%00", "a NUL"],
      ["prv_%00", "a NUL after the prefix"],
      ["%ED%A0%80", "an encoded lone surrogate"],
      ["prv_a%0Ab", "a newline"],
    ])("refuses %s in a path id (%s) naming param.id", async (id) => {
      const o = await org(ctx);
      const res = await call(ctx, "GET", `/v1/team/provisions/${id}`, { key: o.adminKey });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["param.id"]);
    });

    it.each(["%00", "%ED%A0%80", "a%0Ab"])("refuses the cursor %s", async (cursor) => {
      const o = await org(ctx);
      expectProblem(await call(ctx, "GET", `/v1/team/provisions?cursor=${cursor}`, { key: o.adminKey }), 400, "invalid_cursor");
    });

    it.each([
      ["a NUL in a name", '{"name":"a\\u0000b"}', "name"],
      ["a lone surrogate in a name", '{"name":"\\ud800"}', "name"],
      ["a lone surrogate in metadata", '{"metadata":{"x":"\\ud800"}}', "metadata.x"],
      ["a NUL in a metadata key", '{"metadata":{"x\\u0000":"y"}}', "metadata.x\\u0000"],
      ["a NUL deep in metadata", '{"metadata":{"list":[{"deep":"\\u0000"}]}}', "metadata.list.0.deep"],
      ["a newline in a project name", '{"projectName":"a\\nb"}', "projectName"],
    ])("refuses %s naming the field", async (_what, body, path) => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual([path]);
      expect(await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", o.organizationId).execute()).toEqual([]);
    });

    it("refuses metadata nested 5,000 deep, naming where it went too deep", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: `{"metadata":${nested(5000)}}` });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)[0]).toBe(["metadata", ...Array(MAX_JSON_DEPTH - 1).fill("a")].join("."));
    });

    it("refuses a whole body nested 5,000 deep before authentication work", async () => {
      const res = await call(ctx, "POST", "/v1/agents", { body: nested(5000) });
      expectProblem(res, 400, "validation_failed");
    });

    it("refuses hostile strings on project routes too", async () => {
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/agents", { key, body: '{"name":"a\\u0000b","identifier":"x"}' });
      expectProblem(res, 400, "validation_failed");
      expect(fieldPaths(res)).toEqual(["name"]);
      expectProblem(await call(ctx, "POST", "/v1/keys", { key, body: '{"name":"\\udc00"}' }), 400, "validation_failed");
    });

    it("refuses a claim token with a NUL or a lone surrogate", async () => {
      for (const body of ['{"token":"a\\u0000"}', '{"token":"\\ud800"}']) {
        expectProblem(await call(ctx, "POST", "/v1/claims", { body }), 400, "validation_failed");
      }
      expectProblem(await call(ctx, "GET", "/v1/claims/preview", { headers: { "claim-token": "not a token" } }), 400, "validation_failed");
    });

    it("keeps every quoted field printable in the problem", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: '{"metadata":{"\\u0007bell":"\\u0000"}}' });
      expectProblem(res, 400, "validation_failed");
      const texts = [res.body.detail, ...res.body.errors.flatMap((e: { path: string; message: string }) => [e.path, e.message])];
      for (const t of texts) expect(t).not.toMatch(/[\u0000-\u001f]/);
      expect(res.body.detail).toContain("\\u0007bell");
    });

    it("answers a body over the limit with 413 and a non-JSON body with 415", async () => {
      const o = await org(ctx);
      const big = JSON.stringify({ metadata: { pad: "x".repeat(70 * 1024) } });
      expectProblem(await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: big }), 413, "payload_too_large");
      const { key } = await orgWithProject(ctx);
      const res = await call(ctx, "POST", "/v1/agents", { key, body: "a=1", headers: { "content-type": "text/plain" } });
      expectProblem(res, 415, "unsupported_media_type");
    });
  });

  describe("pages", () => {
    it("answers a NUL in the login email with a 400 page naming the field", async () => {
      const browser = new TestBrowser(ctx);
      await browser.get("/login");
      const page = await browser.post("/login", { email: "a\u0000b@example.com", password: "whatever" });
      expect(page.status).toBe(400);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(page.html).toContain("form.email");
    });

    it.each(["/login?next=/%0a/evil.com", "/signup?next=%0d%0aSet-Cookie:x=1", "/login?next=%00"])("answers %s with a 400 page naming next", async (path) => {
      const browser = new TestBrowser(ctx);
      const page = await browser.get(path);
      expect(page.status).toBe(400);
      expect(page.html).toContain("query.next");
      expect(page.location).toBeNull();
    });

    it("answers a login posted with a newline in next with a 400 page, never a redirect", async () => {
      const browser = new TestBrowser(ctx);
      await browser.get("/login");
      const page = await browser.post("/login?next=/%0a/evil.com", { email: "nobody@example.com", password: "whatever" });
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
    });

    it("answers a NUL in a sign-up on a claim page with a 400 page", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const browser = new TestBrowser(ctx);
      await browser.get(claimPath(p.claimUrl));
      const page = await browser.post(claimPath(p.claimUrl), { name: "Eve\u0000", email: "eve@example.com", password: "correct horse battery" });
      expect(page.status).toBe(400);
      expect(page.html).toContain("form.name");
      expect(await ctx.db.selectFrom("users").select("id").where("email", "=", "eve@example.com").execute()).toEqual([]);
    });
  });
});

describe("findUnsafe (the JSON guard's walk)", () => {
  it("accepts ordinary JSON, emoji (paired surrogates) included", () => {
    expect(findUnsafe({ a: ["x", 1, null, { b: "😀 ok" }] })).toBeNull();
  });

  it("names the first unsafe place", () => {
    expect(findUnsafe({ a: [{ b: "\ud800" }] })).toEqual({ path: "a.0.b", message: expect.stringContaining("unpaired") });
    expect(findUnsafe({ "k\u0000": 1 })?.path).toBe("k\u0000");
    expect(findUnsafe("\u0000")?.path).toBe("(body)");
  });

  it("stops at the depth limit without recursion", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafe(deep)?.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    let ok: unknown = "x";
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
    expect(findUnsafe(ok)).toBeNull();
  });
});
