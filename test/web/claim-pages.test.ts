import { describe, expect, it } from "vitest";
import { claimPath, TestBrowser } from "../support/browser.js";
import { person, tamper, tokenForUnknownProvision, tokenOf } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

const PASSWORD = "correct horse battery";

/** A visitor signs up on the claim page (which claims nothing), comes back to it, and presses Claim account. */
async function signUpAndClaim(b: TestBrowser, path: string, fields: Record<string, string>) {
  await b.get(path);
  const signedUp = await b.post(path, { name: "New Person", password: PASSWORD, ...fields });
  expect(signedUp.status, signedUp.html.slice(0, 300)).toBe(303);
  expect(signedUp.location).toBe(path);
  const confirm = await b.get(path);
  expect(confirm.html).toContain(">Claim account</button>");
  return b.post(path, { action: "claim" });
}

describe("the claim page", () => {
  describe("happy", () => {
    it("shows the organization, role and project, with Sign up and Log in offered to a visitor", async () => {
      const o = await org(ctx, "Initech");
      const p = await provision(ctx, o, { role: "admin", projectName: "TPS reports" });
      const page = await new TestBrowser(ctx).get(claimPath(p.claimUrl));
      expect(page.status).toBe(200);
      for (const text of ["Initech", "Admin", "TPS reports", ">Sign up</button>", ">Log in</button>", ">Name", ">Email", ">Password"]) {
        expect(page.html).toContain(text);
      }
      expect(page.html).toContain(`<form class="actions" method="get" action="/login"><input type="hidden" name="next" value="${claimPath(p.claimUrl)}"/>`);
      // The header's Log in and Sign up come back to the claim too.
      const next = encodeURIComponent(claimPath(p.claimUrl));
      expect(page.html).toContain(`href="/login?next=${next}"`);
      expect(page.html).toContain(`href="/signup?next=${next}"`);
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    });

    it("a new person signs up on it, comes back to the confirmation, presses Claim account; onboarding follows", async () => {
      const o = await org(ctx, "Initech");
      const p = await provision(ctx, o, { email: "ada@example.com", skipOnboarding: false });
      const path = claimPath(p.claimUrl);
      const b = new TestBrowser(ctx);
      await b.get(path);
      const signedUp = await b.post(path, { name: "Ada", email: "ADA@example.com", password: PASSWORD });
      // Signing up claims nothing yet: the person sees the confirmation with the organization's name.
      expect(signedUp.status).toBe(303);
      expect(signedUp.location).toBe(path);
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("pending");
      const confirm = await b.get(path);
      expect(confirm.status).toBe(200);
      expect(confirm.html).toContain("Initech");
      expect(confirm.html).toContain("ada@example.com");
      expect(confirm.html).toContain(">Claim account</button>");
      const done = await b.post(path, { action: "claim" });
      expect(done.status).toBe(303);
      expect(done.location).toBe(`/onboarding/${p.id}`);
      const user = await ctx.db.selectFrom("users").selectAll().where("email", "=", "ada@example.com").executeTakeFirstOrThrow();
      expect(user).toMatchObject({ status: "active", name: "Ada" });
      const record = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      expect(record.body).toMatchObject({ status: "claimed", claimedBy: user.id, claimedAt: ctx.clock.now().toISOString() });
      const onboarding = await b.get(done.location!);
      expect(onboarding.status).toBe(200);
      expect(onboarding.html).toContain("Welcome to Initech");
      expect(onboarding.html).toContain(`href="/account?org=${o.organizationId}"`);
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
      const audit = await ctx.db.selectFrom("audit_events").select(["action", "actor_id"]).where("target_id", "=", p.id).where("action", "=", "provision.claimed").execute();
      expect(audit).toEqual([{ action: "provision.claimed", actor_id: user.id }]);
    });

    it("with skipOnboarding (the default) the person lands in the organization's context on their account page", async () => {
      const o = await org(ctx, "Skipper Corp");
      const p = await provision(ctx, o, { projectName: "Skipper" });
      const b = new TestBrowser(ctx);
      const done = await signUpAndClaim(b, claimPath(p.claimUrl), { email: `sam${Date.now()}@example.com` });
      expect(done.location).toBe(`/account?org=${o.organizationId}&claimed=1`);
      const account = await b.get(done.location!);
      expect(account.html).toContain("Skipper");
      expect(account.html).toContain("Account claimed");
      expect(account.html).toContain('data-organization-context="' + o.organizationId + '"');
    });

    it("the header's Sign up on a claim page brings the person back to the claim", async () => {
      const o = await org(ctx, "Header Inc");
      const p = await provision(ctx, o);
      const path = claimPath(p.claimUrl);
      const b = new TestBrowser(ctx);
      await b.get(path);
      const form = await b.get(`/signup?next=${encodeURIComponent(path)}`);
      expect(form.html).toContain(`action="/signup?next=${encodeURIComponent(path)}"`);
      const res = await b.post(`/signup?next=${encodeURIComponent(path)}`, { name: "Hal", email: `hal${Date.now()}@example.com`, password: PASSWORD });
      expect(res.location).toBe(path);
      const back = await b.get(path);
      expect(back.html).toContain("Header Inc");
      expect(back.html).toContain(">Claim account</button>");
    });

    it("an existing person logs in through the link and comes back to a Claim account button", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const { email } = await person(ctx);
      const b = new TestBrowser(ctx);
      const page = await b.get(claimPath(p.claimUrl));
      expect(page.html).toContain("Log in");
      await b.get(`/login?next=${encodeURIComponent(claimPath(p.claimUrl))}`);
      const login = await b.post(`/login?next=${encodeURIComponent(claimPath(p.claimUrl))}`, { email, password: PASSWORD });
      expect(login.location).toBe(claimPath(p.claimUrl));
      const back = await b.get(login.location!);
      expect(back.html).toContain(">Claim account</button>");
      expect(back.html).toContain(email);
      const done = await b.post(claimPath(p.claimUrl), { action: "claim" });
      expect(done.status).toBe(303);
    });

    it("the onboarding page renames the project", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { skipOnboarding: false });
      const b = new TestBrowser(ctx);
      const done = await signUpAndClaim(b, claimPath(p.claimUrl), { email: `ren${Date.now()}@example.com` });
      await b.get(done.location!);
      const renamed = await b.post(`/projects/${p.projectId}/name`, { name: "Renamed project" });
      expect(renamed.location).toBe(`/onboarding/${p.id}?renamed=1`);
      expect((await b.get(renamed.location!)).html).toContain("Renamed project");
      expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).body.project.name).toBe("Renamed project");
    });
  });

  describe("errors: each unusable link has its own page and 4xx status", () => {
    it("tampered link → 404", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const page = await new TestBrowser(ctx).get(`/claim/${tamper(tokenOf(p.claimUrl))}`);
      expect(page.status).toBe(404);
      expect(page.html).toContain("This link does not work");
      expect(page.html).toContain('data-code="claim_link_invalid"');
    });

    it("garbage and unknown-provision links → 404", async () => {
      expect((await new TestBrowser(ctx).get("/claim/not-a-token")).status).toBe(404);
      const page = await new TestBrowser(ctx).get(`/claim/${await tokenForUnknownProvision(ctx)}`);
      expect(page.status).toBe(404);
    });

    it("expired → 410", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { expiresIn: 60 });
      ctx.clock.advanceSeconds(61);
      const page = await new TestBrowser(ctx).get(claimPath(p.claimUrl));
      expect(page.status).toBe(410);
      expect(page.html).toContain("This link has expired");
    });

    it("cancelled → 410", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
      const page = await new TestBrowser(ctx).get(claimPath(p.claimUrl));
      expect(page.status).toBe(410);
      expect(page.html).toContain("This account was cancelled");
    });

    it("regenerated away → 410, while the new link works", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const fresh = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey });
      const old = await new TestBrowser(ctx).get(claimPath(p.claimUrl));
      expect(old.status).toBe(410);
      expect(old.html).toContain("This link was replaced");
      expect((await new TestBrowser(ctx).get(claimPath(fresh.body.claimUrl))).status).toBe(200);
    });

    it("already used → 409", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      await signUpAndClaim(new TestBrowser(ctx), claimPath(p.claimUrl), { email: `first${Date.now()}@example.com` });
      const page = await new TestBrowser(ctx).get(claimPath(p.claimUrl));
      expect(page.status).toBe(409);
      expect(page.html).toContain("This account was already claimed");
    });

    it("an email-bound link is refused for another account (403 page) and stays claimable", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { email: "boss@example.com" });
      const { browser } = await person(ctx);
      const page = await browser.get(claimPath(p.claimUrl));
      expect(page.status).toBe(403);
      expect(page.html).toContain("This link is for someone else");
      const post = await browser.post(claimPath(p.claimUrl), { action: "claim" });
      expect(post.status).toBe(403);
      const stranger = new TestBrowser(ctx);
      await stranger.get(claimPath(p.claimUrl));
      const signup = await stranger.post(claimPath(p.claimUrl), { action: "signup", name: "X", email: "other@example.com", password: PASSWORD });
      expect(signup.status).toBe(403);
      expect(await ctx.db.selectFrom("users").select("id").where("email", "=", "other@example.com").execute()).toEqual([]);
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("pending");
    });

    it("signing up with an email that already has an account says to log in, and claims nothing", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const { email } = await person(ctx);
      const b = new TestBrowser(ctx);
      await b.get(claimPath(p.claimUrl));
      const res = await b.post(claimPath(p.claimUrl), { action: "signup", name: "Dup", email, password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.html).toContain("Log in to claim into it");
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("pending");
    });

    it("a bad sign-up form is shown again naming the fields, keeping what was typed except the password", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const b = new TestBrowser(ctx);
      await b.get(claimPath(p.claimUrl));
      const res = await b.post(claimPath(p.claimUrl), { action: "signup", name: "Short Pw", email: "not-an-email", password: "short" });
      expect(res.status).toBe(400);
      expect(res.html).toContain("Enter a valid email address");
      expect(res.html).toContain("Use at least 10 characters");
      expect(res.html).toContain('value="Short Pw"');
      expect(res.html).not.toContain('value="short"');
    });
  });

  describe("security", () => {
    it("refuses a claim form without the CSRF token, or with another one", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const { browser } = await person(ctx);
      await browser.get(claimPath(p.claimUrl));
      const missing = await browser.request("POST", claimPath(p.claimUrl), { form: { action: "claim" } });
      expect(missing.status).toBe(403);
      const wrong = await browser.request("POST", claimPath(p.claimUrl), { form: { action: "claim", _csrf: "x".repeat(32) } });
      expect(wrong.status).toBe(403);
      expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body.status).toBe("pending");
    });

    it("refuses a cross-site form post even with the right token", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const { browser } = await person(ctx);
      await browser.get(claimPath(p.claimUrl));
      const res = await browser.request("POST", claimPath(p.claimUrl), {
        form: { action: "claim", _csrf: browser.csrf },
        headers: { origin: "https://evil.example" },
      });
      expect(res.status).toBe(403);
    });

    it("never puts the token in a Referer: claim pages send no-referrer", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const page = await new TestBrowser(ctx).get(claimPath(p.claimUrl));
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      // The only script is the external /assets/app.js: nothing inline that could leak the token.
      expect(page.html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/app\.js")/);
    });
  });
});
