import type { Context } from "hono";
import type { Limit } from "../../domain/rate-limits.js";
import { clientIp } from "../../http/client-ip.js";
import { assertCsrf } from "../../http/csrf.js";
import type { AppEnv } from "../../http/env.js";
import { ApiError, type FieldError } from "../../http/errors.js";
import type { Router } from "../../http/openapi.js";
import { setSessionCookie } from "../../http/session.js";
import type { NewAccount } from "../../services/accounts/accounts.js";
import { recordLoginSuccess } from "../../services/accounts/login-throttle.js";
import { createSession, type SessionUser } from "../../services/accounts/sessions.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, parseForm, readForm, SignupForm } from "../forms.js";
import { renderRefusal } from "./render.js";

/** What a link page shows again after a refused form: the status, a message, field errors, values. */
export type PageExtra = { status?: 400 | 409 | 429; error?: string | undefined; errors?: FieldError[] | undefined; values?: Record<string, string> };

/**
 * A page behind a single-use link (claim, owner setup, invitation): a logged-in person takes it with
 * one button; a visitor signs up on the page and takes it with the new account.
 */
export type LinkPage = {
  path: `${string}/:token`;
  limits: { perIp: Limit; perAccount?: Limit };
  /** Renders the page for the link, or throws why the link cannot be used. */
  show(c: Context<AppEnv>, token: string, extra: PageExtra): Promise<Response>;
  /** The logged-in person takes the link; returns where to go next. */
  takeAsUser(c: Context<AppEnv>, token: string, user: SessionUser): Promise<string>;
  /** A visitor signed up on the page: creates the account (taking the link, or not yet); returns it and where to go next. */
  takeAsNewAccount(c: Context<AppEnv>, token: string, account: NewAccount): Promise<{ userId: string; next: string }>;
  /** Shown when the sign-up email already has an account. */
  emailTaken: string;
};

/**
 * The one flow behind every link page: CSRF and rate limits first, then the taking; a bad form,
 * a taken email or a rate limit shows the page again with the reason; any other refusal gets its
 * own page.
 */
export function registerLinkPage(app: Router, page: LinkPage) {
  app.get(page.path, async (c) => {
    try {
      return await page.show(c, c.req.param("token")!, {});
    } catch (err) {
      return renderRefusal(c, err);
    }
  });

  app.post(page.path, async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token")!;
    const form = await readForm(c);
    const user = c.get("user");
    try {
      assertCsrf(c, form);
      await consumeRateLimit(deps, page.limits.perIp, clientIp(c));
      if (user) {
        if (page.limits.perAccount) await consumeRateLimit(deps, page.limits.perAccount, user.id);
        return c.redirect(await page.takeAsUser(c, token, user), 303);
      }
      const parsed = parseForm(SignupForm, form);
      if (!parsed.ok) return await page.show(c, token, { status: 400, errors: parsed.errors, values: keepValues(form) });
      const done = await page.takeAsNewAccount(c, token, parsed.data);
      await recordLoginSuccess(deps, parsed.data.email, clientIp(c));
      const session = await createSession(deps, deps.db, done.userId);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(done.next, 303);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== "email_taken" && err.code !== "rate_limited")) return renderRefusal(c, err);
      for (const [name, value] of Object.entries(err.extra?.headers ?? {})) c.header(name, value);
      const taken = err.code === "email_taken";
      try {
        return await page.show(c, token, {
          status: taken ? 409 : 429,
          error: taken ? page.emailTaken : err.detail,
          errors: err.extra?.errors,
          values: keepValues(form),
        });
      } catch (inner) {
        return renderRefusal(c, inner);
      }
    }
  });
}
