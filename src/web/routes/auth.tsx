import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { LIMITS } from "../../domain/rate-limits.js";
import { clientIp } from "../../http/client-ip.js";
import { assertCsrf } from "../../http/csrf.js";
import { ApiError } from "../../http/errors.js";
import type { Router } from "../../http/openapi.js";
import { clearSessionCookie, sessionToken, setSessionCookie } from "../../http/session.js";
import { authenticate, createAccount } from "../../services/accounts/accounts.js";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "../../services/accounts/login-throttle.js";
import { createSession, deleteSession } from "../../services/accounts/sessions.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, LoginForm, parseForm, readForm, SignupForm, sitePath } from "../forms.js";
import { LoginPage, SignupPage } from "../pages/auth.js";
import { renderRefusal } from "./render.js";

/** The `next` query parameter, kept only when it is a path on this site (never an open redirect). */
function nextOf(c: Context<AppEnv>): string | undefined {
  return sitePath(c.req.query("next"), c.get("deps").config.publicUrl);
}

export function registerAuthPages(app: Router) {
  app.get("/login", (c) => {
    const next = nextOf(c);
    if (c.get("user")) return c.redirect(next ?? "/account", 303);
    return c.html(<LoginPage csrfToken={c.get("csrfToken")} next={next} />);
  });

  app.post("/login", async (c) => {
    const deps = c.get("deps");
    const next = nextOf(c);
    const form = await readForm(c);
    const again = (status: 400 | 401 | 429, props: { error?: string; errors?: { path: string; message: string }[] }) =>
      c.html(<LoginPage csrfToken={c.get("csrfToken")} next={next} values={keepValues(form)} {...props} />, status);
    try {
      assertCsrf(c, form);
      await consumeRateLimit(deps, LIMITS.loginPerIp, clientIp(c));
      const parsed = parseForm(LoginForm, form);
      if (!parsed.ok) return again(400, { errors: parsed.errors });
      const address = clientIp(c);
      await assertLoginAllowed(deps, parsed.data.email, address);
      const user = await authenticate(deps, parsed.data.email, parsed.data.password).catch(async (err: unknown) => {
        if (err instanceof ApiError && err.code === "invalid_credentials") await recordLoginFailure(deps, parsed.data.email, address);
        throw err;
      });
      await recordLoginSuccess(deps, parsed.data.email, address);
      // Rotation: a fresh session at every login; whatever session the browser had is ended.
      const previous = sessionToken(c);
      if (previous) await deleteSession(deps, previous);
      const session = await createSession(deps, deps.db, user.id);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(next ?? "/account", 303);
    } catch (err) {
      if (err instanceof ApiError && err.code === "invalid_credentials") return again(401, { error: "The email or password is not right." });
      if (err instanceof ApiError && err.code === "rate_limited") {
        c.header("retry-after", err.extra?.headers?.["retry-after"] ?? "60");
        return again(429, { error: err.detail ?? "Too many attempts." });
      }
      return renderRefusal(c, err);
    }
  });

  app.get("/signup", (c) => {
    const next = nextOf(c);
    if (c.get("user")) return c.redirect(next ?? "/account", 303);
    return c.html(<SignupPage csrfToken={c.get("csrfToken")} next={next} />);
  });

  app.post("/signup", async (c) => {
    const deps = c.get("deps");
    const next = nextOf(c);
    const form = await readForm(c);
    const again = (status: 400 | 409 | 429, props: { error?: string; errors?: { path: string; message: string }[] }) =>
      c.html(<SignupPage csrfToken={c.get("csrfToken")} next={next} values={keepValues(form)} {...props} />, status);
    try {
      assertCsrf(c, form);
      await consumeRateLimit(deps, LIMITS.signupPerIp, clientIp(c));
      const parsed = parseForm(SignupForm, form);
      if (!parsed.ok) return again(400, { errors: parsed.errors });
      const user = await deps.db.transaction().execute((trx) => createAccount(deps, trx, parsed.data));
      await recordLoginSuccess(deps, user.email!, clientIp(c));
      const session = await createSession(deps, deps.db, user.id);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(next ?? "/account", 303);
    } catch (err) {
      if (err instanceof ApiError && err.code === "email_taken") return again(409, { error: err.detail, errors: err.extra?.errors });
      if (err instanceof ApiError && err.code === "rate_limited") {
        c.header("retry-after", err.extra?.headers?.["retry-after"] ?? "60");
        return again(429, { error: err.detail ?? "Too many attempts." });
      }
      return renderRefusal(c, err);
    }
  });

  app.post("/logout", async (c) => {
    const form = await readForm(c);
    try {
      assertCsrf(c, form);
    } catch (err) {
      return renderRefusal(c, err);
    }
    const token = sessionToken(c);
    if (token) await deleteSession(c.get("deps"), token);
    clearSessionCookie(c);
    return c.redirect("/login", 303);
  });
}
