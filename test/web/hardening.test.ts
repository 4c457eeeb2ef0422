// Regression tests for the outside review's findings on the pages (issue 11): each failed before its fix.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";

const ctx = useTestContext({ FORM_MAX_BODY_BYTES: "8192" });
const PASSWORD = "correct horse battery";

describe("pages: hardening", () => {
  describe("`next` never becomes an open redirect (finding 1)", () => {
    const hostile = [
      "/%09/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "http://handoff.test.evil.example/",
      "javascript:alert(1)",
      "/%2F%2Fevil.example",
      " //evil.example",
    ];

    it.each(hostile)("GET /login?next=%j as a logged-in person goes to /account", async (next) => {
      const { browser } = await person(ctx);
      const res = await browser.get(`/login?next=${encodeURIComponent(next)}`);
      expect(res.status).toBe(303);
      const target = new URL(res.location!, "http://handoff.test");
      expect(target.origin).toBe("http://handoff.test");
      expect(res.location).not.toMatch(/[\x00-\x1f\x7f\\]/);
      expect(res.location!.startsWith("//")).toBe(false);
    });

    it("the raw `/%09/evil.com` of the report answers /account after login and after sign-up", async () => {
      const { email } = await person(ctx);
      const b = new TestBrowser(ctx);
      await b.get("/login");
      const login = await b.request("POST", "/login?next=/%09/evil.com", { form: { _csrf: b.csrf, email, password: PASSWORD } });
      expect(login.location).toBe("/account");
      const s = new TestBrowser(ctx);
      await s.get("/signup");
      const signup = await s.request("POST", "/signup?next=/%09/evil.com", { form: { _csrf: s.csrf, name: "N", email: `n${Date.now()}@example.com`, password: PASSWORD } });
      expect(signup.location).toBe("/account");
    });

    it("keeps a same-site next, with its query", async () => {
      const { browser } = await person(ctx);
      const res = await browser.get(`/login?next=${encodeURIComponent("/claim/abc?x=1")}`);
      expect(res.location).toBe("/claim/abc?x=1");
    });
  });

  describe("form bodies are small (finding 5)", () => {
    it("a 30 MB form to /login is refused with a 413 page, unread", async () => {
      const b = new TestBrowser(ctx);
      await b.get("/login");
      const res = await b.request("POST", "/login", { form: { _csrf: b.csrf, email: "a@example.com", password: "x".repeat(30 * 1024 * 1024) } });
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.html).toContain("too large");
    });

    it("a form just over the limit to a claim page is a 413; one under it is read", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const path = new URL(p.claimUrl).pathname;
      const b = new TestBrowser(ctx);
      await b.get(path);
      const big = await b.post(path, { name: "x".repeat(9000) });
      expect(big.status).toBe(413);
      const small = await b.post(path, { name: "x".repeat(100), email: "bad", password: "short" });
      expect(small.status).toBe(400);
    });

    it("multipart bodies are refused with 415", async () => {
      const b = new TestBrowser(ctx);
      await b.get("/login");
      const form = new FormData();
      form.set("_csrf", b.csrf);
      form.set("email", "a@example.com");
      form.set("password", "whatever password");
      const res = await ctx.app.request("/login", {
        method: "POST",
        body: form,
        headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "x-forwarded-for": b.ip },
      });
      expect(res.status).toBe(415);
      expect(await res.text()).toContain("form");
    });
  });

  describe("TRUST_PROXY takes the address the proxy added (finding 6)", () => {
    it("rotating the first X-Forwarded-For entry does not escape the per-IP login limit", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        const b = new TestBrowser(ctx, `1.2.${i}.${i}, 203.0.113.9`);
        await b.get("/login");
        statuses.push((await b.post("/login", { email: `rot${i}@example.com`, password: "wrong password" })).status);
      }
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
      expect(statuses.slice(20)).toEqual([429, 429]);
    });
  });

  describe("logs name routes, never link tokens (finding 4)", () => {
    it("an error on an invitation page logs the route pattern, not the token", async () => {
      // A database that fails every read: the page errors the way any unexpected failure would.
      const failing = new Proxy(ctx.db, {
        get(target, prop, receiver) {
          if (prop === "selectFrom") return () => { throw new Error("database unavailable"); };
          return Reflect.get(target, prop, receiver);
        },
      });
      const app = createApp({ ...ctx.deps, db: failing });
      const token = "c2VjcmV0LWludml0YXRpb24tdG9rZW4tMDEyMzQ1Njc4OQ";
      const before = ctx.logs.length;
      const res = await app.request(`/invite/${token}`);
      expect(res.status).toBe(500);
      const logged = ctx.logs.slice(before).join("\n");
      expect(logged).toContain('"route":"/invite/:token"');
      expect(logged).not.toContain(token);
    });
  });

  describe("headers (finding 10)", () => {
    it("pages keep X-Frame-Options: DENY", async () => {
      const page = await new TestBrowser(ctx).get("/login");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
    });

    it("API responses deny framing too", async () => {
      const res = await ctx.app.request("/healthz");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    });
  });
});
