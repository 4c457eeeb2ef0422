import type { Context } from "hono";
import type { z } from "zod";
import type { DomainError, ErrorCode } from "../../domain/errors.js";
import { LIMITS, type Limit } from "../../domain/rate-limits.js";
import { personContext } from "../../http/actor-context.js";
import { clientIp } from "../../http/client-ip.js";
import type { AppEnv } from "../../http/env.js";
import type { Router } from "../../http/openapi.js";
import { clearSessionCookie, sessionToken, setSessionCookie } from "../../http/session.js";
import { endSession, logIn, signUp, type NewSession } from "../../services/accounts/sessions.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, LoginForm, parseForm, SignupForm, sitePath } from "../forms.js";
import { form } from "../guards.js";
import { withNext } from "../layout.js";
import { setChallengeCookie } from "./two-step.js";
import { LoginPage, SignupPage } from "../pages/auth.js";

/**
 * Log in and sign up: a rate limit per IP, the form parsed (shown again with its field errors), the
 * session started and its cookie set, then on to `?next`. The refusals named in `reshow` show the
 * form again with their message.
 */
function sessionForm<S extends z.ZodType>(opts: {
  Page: typeof LoginPage;
  schema: S;
  perIp: Limit;
  start(c: Context<AppEnv>, data: z.infer<S>): Promise<NewSession | { challenge: string }>;
  reshow: readonly ErrorCode[];
  message(err: DomainError): string;
}) {
  const { Page } = opts;
  return form.anyone(
    async (c, body) => {
      const next = nextOf(c);
      await consumeRateLimit(c.get("deps"), opts.perIp, clientIp(c));
      const parsed = parseForm(opts.schema, body);
      if (!parsed.ok) return c.html(<Page csrfToken={c.get("csrfToken")} next={next} values={keepValues(body)} errors={parsed.errors} />, 400);
      const session = await opts.start(c, parsed.data);
      if ("challenge" in session) {
        // The password was right; the code comes next (two-step.tsx), within 5 minutes.
        setChallengeCookie(c, session.challenge);
        return c.redirect(withNext("/login/two-step", next), 303);
      }
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(next ?? "/account", 303);
    },
    {
      on: opts.reshow,
      show: (c, err, body) =>
        c.html(
          <Page csrfToken={c.get("csrfToken")} next={nextOf(c)} values={keepValues(body)} error={opts.message(err)} errors={err.errors} />,
          err.status as 401 | 403 | 409 | 429,
        ),
    },
  );
}

/** The `next` query parameter, kept only when it is a path on this site (never an open redirect). */
export function nextOf(c: Context<AppEnv>): string | undefined {
  return sitePath(c.req.query("next"), c.get("deps").config.publicUrl);
}

export function registerAuthPages(app: Router) {
  app.get("/login", (c) => {
    const next = nextOf(c);
    if (c.get("user")) return c.redirect(next ?? "/account", 303);
    return c.html(<LoginPage csrfToken={c.get("csrfToken")} next={next} />);
  });

  app.post(
    "/login",
    sessionForm({
      Page: LoginPage,
      schema: LoginForm,
      perIp: LIMITS.loginPerIp,
      async start(c, credentials) {
        // Rotation: a fresh session at every login; whatever session the browser had is ended. Wrong
        // passwords are counted per account and address (growing delays, see login-throttle.ts).
        return logIn(c.get("deps"), personContext(c), { ...credentials, previousToken: sessionToken(c), address: clientIp(c) });
      },
      reshow: ["invalid_credentials", "rate_limited", "account_in_recovery"],
      message: (err) => (err.code === "invalid_credentials" ? "The email or password is not right." : (err.detail ?? "Too many attempts.")),
    }),
  );

  app.get("/signup", (c) => {
    const next = nextOf(c);
    if (c.get("user")) return c.redirect(next ?? "/account", 303);
    return c.html(<SignupPage csrfToken={c.get("csrfToken")} next={next} />);
  });

  app.post(
    "/signup",
    sessionForm({
      Page: SignupPage,
      schema: SignupForm,
      perIp: LIMITS.signupPerIp,
      start: (c, account) => signUp(c.get("deps"), personContext(c), account, clientIp(c)),
      reshow: ["email_taken", "rate_limited"],
      message: (err) => err.detail ?? "Too many attempts.",
    }),
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
