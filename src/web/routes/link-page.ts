import type { Context } from "hono";
import type { ActorContext } from "../../domain/actors.js";
import type { FieldError } from "../../domain/errors.js";
import type { Limit } from "../../domain/rate-limits.js";
import { personContext } from "../../http/actor-context.js";
import { clientIp } from "../../http/client-ip.js";
import type { AppEnv } from "../../http/env.js";
import type { Router } from "../../http/openapi.js";
import { setSessionCookie } from "../../http/session.js";
import type { NewAccount } from "../../services/accounts/accounts.js";
import { recordLoginSuccess } from "../../services/accounts/login-throttle.js";
import { startSession, type SessionUser } from "../../services/accounts/sessions.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, parseForm, SignupForm } from "../forms.js";
import { form, page as guard } from "../guards.js";

/** What a link page shows again after a refused form: the status, a message, field errors, values. */
export type PageExtra = {
  status?: 400 | 409 | 429;
  error?: string | undefined;
  errors?: FieldError[] | undefined;
  values?: Record<string, string>;
  /** The proof a mailed link carries (`?proof=`), kept in the page's forms so the taking can present it. */
  proof?: string | undefined;
};

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
  takeAsUser(c: Context<AppEnv>, ctx: ActorContext, token: string, user: SessionUser, proof: string | undefined): Promise<string>;
  /** A visitor signed up on the page: creates the account (taking the link, or not yet); returns it and where to go next. */
  takeAsNewAccount(c: Context<AppEnv>, ctx: ActorContext, token: string, account: NewAccount, proof: string | undefined): Promise<{ userId: string; next: string }>;
  /** Shown when the sign-up email already has an account. */
  emailTaken: string;
};

/**
 * The one flow behind every link page: CSRF and rate limits first, then the taking; a bad form,
 * a taken email or a rate limit shows the page again with the reason; any other refusal gets its
 * own page.
 */
export function registerLinkPage(app: Router, page: LinkPage) {
  app.get(
    page.path,
    guard.anyone((c) => page.show(c, c.req.param("token")!, { proof: proofOf(c) })),
  );

  app.post(
    page.path,
    form.anyone(
      async (c, body) => {
        const deps = c.get("deps");
        const token = c.req.param("token")!;
        const proof = proofOf(c);
        const user = c.get("user");
        const ctx = personContext(c);
        await consumeRateLimit(deps, page.limits.perIp, clientIp(c));
        if (user) {
          if (page.limits.perAccount) await consumeRateLimit(deps, page.limits.perAccount, user.id);
          return c.redirect(await page.takeAsUser(c, ctx, token, user, proof), 303);
        }
        const parsed = parseForm(SignupForm, body);
        if (!parsed.ok) return await page.show(c, token, { status: 400, errors: parsed.errors, values: keepValues(body), proof });
        const done = await page.takeAsNewAccount(c, ctx, token, parsed.data, proof);
        await recordLoginSuccess(deps, parsed.data.email, clientIp(c)); // the address they signed up from is their own
        const session = await startSession(deps, ctx, done.userId);
        setSessionCookie(c, session.token, session.expiresAt);
        return c.redirect(done.next, 303);
      },
      {
        on: ["email_taken", "rate_limited"],
        show: (c, err, body) => {
          const taken = err.code === "email_taken";
          return page.show(c, c.req.param("token")!, {
            status: taken ? 409 : 429,
            error: taken ? page.emailTaken : err.detail,
            errors: err.errors,
            values: keepValues(body),
            proof: proofOf(c),
          });
        },
      },
    ),
  );
}

/** The `?proof=` of a mailed link: opaque, bounded; anything else is no proof at all. */
export function proofOf(c: Context<AppEnv>): string | undefined {
  const proof = c.req.query("proof");
  return proof && /^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{20,100}$/.test(proof) ? proof : undefined;
}
