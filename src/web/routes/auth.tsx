import { LIMITS } from "../../domain/rate-limits.js";
import { personContext } from "../../http/actor-context.js";
import { clientIp } from "../../http/client-ip.js";
import type { Router } from "../../http/openapi.js";
import { clearSessionCookie, sessionToken, setSessionCookie } from "../../http/session.js";
import { endSession, logIn, signUp } from "../../services/accounts/sessions.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, LoginForm, parseForm, safeNext, SignupForm } from "../forms.js";
import { form } from "../guards.js";
import { LoginPage, SignupPage } from "../pages/auth.js";

export function registerAuthPages(app: Router) {
  app.get("/login", (c) => {
    if (c.get("user")) return c.redirect(safeNext(c.req.query("next")), 303);
    return c.html(<LoginPage csrfToken={c.get("csrfToken")} next={c.req.query("next")} />);
  });

  app.post(
    "/login",
    form.anyone(
      async (c, body) => {
        const deps = c.get("deps");
        const next = c.req.query("next");
        await consumeRateLimit(deps, LIMITS.loginPerIp, clientIp(c));
        const parsed = parseForm(LoginForm, body);
        if (!parsed.ok) return c.html(<LoginPage csrfToken={c.get("csrfToken")} next={next} values={keepValues(body)} errors={parsed.errors} />, 400);
        await consumeRateLimit(deps, LIMITS.loginPerAccount, parsed.data.email);
        // Rotation: a fresh session at every login; whatever session the browser had is ended.
        const session = await logIn(deps, personContext(c), { ...parsed.data, previousToken: sessionToken(c) });
        setSessionCookie(c, session.token, session.expiresAt);
        return c.redirect(safeNext(next), 303);
      },
      {
        on: ["invalid_credentials", "rate_limited"],
        show: (c, err, body) => {
          const error = err.code === "invalid_credentials" ? "The email or password is not right." : (err.detail ?? "Too many attempts.");
          return c.html(<LoginPage csrfToken={c.get("csrfToken")} next={c.req.query("next")} values={keepValues(body)} error={error} />, err.status as 401 | 429);
        },
      },
    ),
  );

  app.get("/signup", (c) => {
    if (c.get("user")) return c.redirect(safeNext(c.req.query("next")), 303);
    return c.html(<SignupPage csrfToken={c.get("csrfToken")} next={c.req.query("next")} />);
  });

  app.post(
    "/signup",
    form.anyone(
      async (c, body) => {
        const deps = c.get("deps");
        const next = c.req.query("next");
        await consumeRateLimit(deps, LIMITS.signupPerIp, clientIp(c));
        const parsed = parseForm(SignupForm, body);
        if (!parsed.ok) return c.html(<SignupPage csrfToken={c.get("csrfToken")} next={next} values={keepValues(body)} errors={parsed.errors} />, 400);
        const session = await signUp(deps, personContext(c), parsed.data);
        setSessionCookie(c, session.token, session.expiresAt);
        return c.redirect(safeNext(next), 303);
      },
      {
        on: ["email_taken", "rate_limited"],
        show: (c, err, body) => (
          c.html(
            <SignupPage csrfToken={c.get("csrfToken")} next={c.req.query("next")} values={keepValues(body)} error={err.detail ?? "Too many attempts."} errors={err.errors} />,
            err.status as 409 | 429,
          )
        ),
      },
    ),
  );

  app.post(
    "/logout",
    form.anyone(async (c) => {
      const token = sessionToken(c);
      if (token) await endSession(c.get("deps"), personContext(c), token);
      clearSessionCookie(c);
      return c.redirect("/login", 303);
    }),
  );
}
