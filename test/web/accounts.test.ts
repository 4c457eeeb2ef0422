import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";

const ctx = useTestContext();
const PASSWORD = "correct horse battery";

function sessionCookieLine(headers: Headers) {
  return headers.getSetCookie().find((l) => l.startsWith("handoff_session="));
}

describe("accounts and sessions", () => {
  describe("happy", () => {
    it("signs up, lands on the account page, logs out and back in", async () => {
      const b = new TestBrowser(ctx);
      const email = `new${Date.now()}@example.com`;
      const res = await b.signUp("New Person", email);
      expect(res.status).toBe(303);
      expect(res.location).toBe("/account");
      const account = await b.get("/account");
      expect(account.status).toBe(200);
      expect(account.html).toContain("New Person");
      await b.post("/logout");
      expect((await b.get("/account")).location).toBe("/login?next=%2Faccount");
      const login = await b.logIn(email.toUpperCase());
      expect(login.location).toBe("/account");
      expect((await b.get("/account")).status).toBe(200);
    });

    it("sets the session cookie HttpOnly and SameSite=Lax, and stores only its hash", async () => {
      const b = new TestBrowser(ctx);
      const res = await b.signUp("Cookie", `cookie${Date.now()}@example.com`);
      const line = sessionCookieLine(res.headers)!;
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Lax/i);
      expect(line).not.toMatch(/Secure/); // PUBLIC_URL is http in tests; https turns Secure on
      const token = b.cookies.get("handoff_session")!;
      const rows = await ctx.db.selectFrom("sessions").select("token_hash").execute();
      expect(rows.some((r) => r.token_hash === token)).toBe(false);
    });

    it("stores passwords only as a salted PBKDF2 hash", async () => {
      const { email } = await person(ctx);
      const user = await ctx.db.selectFrom("users").select("password_hash").where("email", "=", email).executeTakeFirstOrThrow();
      expect(user.password_hash).toMatch(/^pbkdf2-sha256\$1000\$[\w-]+\$[\w-]+$/);
      expect(user.password_hash).not.toContain(PASSWORD);
    });

    it("rotates the session at login: the old token stops working", async () => {
      const { browser, email } = await person(ctx);
      const before = browser.cookies.get("handoff_session")!;
      await browser.logIn(email);
      const after = browser.cookies.get("handoff_session")!;
      expect(after).not.toBe(before);
      const stale = new TestBrowser(ctx);
      stale.cookies.set("handoff_session", before);
      expect((await stale.get("/account")).status).toBe(303);
    });

    it("expires sessions", async () => {
      const { browser } = await person(ctx);
      ctx.clock.advanceSeconds(ctx.config.sessionTtlHours * 3600 + 1);
      expect((await browser.get("/account")).status).toBe(303);
    });
  });

  describe("errors", () => {
    it("says the same thing for a wrong password and an unknown email", async () => {
      const { email } = await person(ctx);
      const b = new TestBrowser(ctx);
      await b.get("/login");
      const wrong = await b.post("/login", { email, password: "not the password" });
      const unknown = await b.post("/login", { email: "nobody@example.com", password: "not the password" });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.html).toContain("The email or password is not right.");
      expect(unknown.html).toContain("The email or password is not right.");
    });

    it("refuses a second account with the same email, whatever its case", async () => {
      const { email } = await person(ctx);
      const b = new TestBrowser(ctx);
      const res = await b.signUp("Twin", email.toUpperCase());
      expect(res.status).toBe(409);
      expect(res.html).toContain("already exists");
    });

    it("names the bad fields of a sign-up form", async () => {
      const b = new TestBrowser(ctx);
      await b.get("/signup");
      const res = await b.post("/signup", { name: "", email: "nope", password: "short" });
      expect(res.status).toBe(400);
      for (const m of ["Enter your name", "Enter a valid email address", "Use at least 10 characters"]) expect(res.html).toContain(m);
    });

    it("never redirects off-site after login", async () => {
      const { email } = await person(ctx);
      const b = new TestBrowser(ctx);
      await b.get("/login");
      const res = await b.post(`/login?next=${encodeURIComponent("//evil.example/x")}`, { email, password: PASSWORD });
      expect(res.location).toBe("/account");
    });
  });

  describe("security", () => {
    it("refuses form posts without a valid CSRF token (login, sign-up, logout)", async () => {
      const { browser, email } = await person(ctx);
      for (const [path, form] of [
        ["/login", { email, password: PASSWORD }],
        ["/signup", { name: "X", email: "x@example.com", password: PASSWORD }],
        ["/logout", {}],
      ] as const) {
        const res = await browser.request("POST", path, { form: { ...form, _csrf: "forged-forged-forged-forged-forged" } });
        expect(res.status, path).toBe(403);
      }
      expect((await browser.get("/account")).status).toBe(200); // logout was refused
    });

    it("rate-limits logins per IP (429, Retry-After)", async () => {
      const b = new TestBrowser(ctx);
      await b.get("/login");
      const statuses = [];
      for (let i = 0; i < 21; i++) statuses.push((await b.post("/login", { email: `x${i}@example.com`, password: "wrong password" })).status);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
      const last = await b.post("/login", { email: "x@example.com", password: "wrong password" });
      expect(last.status).toBe(429);
      expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
      ctx.clock.advanceSeconds(301);
      expect((await b.post("/login", { email: "x@example.com", password: "wrong password" })).status).toBe(401);
    });

    it("ten wrong passwords from elsewhere do not lock the person out (see login-throttle.test.ts)", async () => {
      const { email, browser } = await person(ctx);
      for (let i = 0; i < 10; i++) {
        const b = new TestBrowser(ctx, `10.77.0.${i}`);
        await b.get("/login");
        expect((await b.post("/login", { email, password: "wrong password" })).status).toBe(401);
      }
      const own = new TestBrowser(ctx, browser.ip);
      await own.get("/login");
      expect((await own.post("/login", { email, password: PASSWORD })).status).toBe(303);
    });

    it("rate-limits sign-ups per IP", async () => {
      const b = new TestBrowser(ctx);
      let last;
      for (let i = 0; i < 11; i++) {
        const fresh = new TestBrowser(ctx, b.ip);
        last = await fresh.signUp("Bulk", `bulk${i}-${Date.now()}@example.com`);
      }
      expect(last!.status).toBe(429);
    });

    it("serves pages with a strict CSP and no inline script", async () => {
      const page = await new TestBrowser(ctx).get("/login");
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(page.html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/app\.js")|style=/);
      expect(page.html).toContain('<script src="/assets/app.js" defer="">');
    });
  });
});
