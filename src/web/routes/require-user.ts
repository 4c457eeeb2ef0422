import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { assertCsrf } from "../../http/csrf.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { readForm } from "../forms.js";
import { renderRefusal } from "./render.js";

/** Pages that need a person send visitors to log in, and back here afterwards. */
export function loginRedirect(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}

/**
 * A form post from a logged-in person: visitors go to log in; the form is read and its CSRF token
 * checked; refusals become their own page.
 */
export function userFormPost(
  handler: (c: Context<AppEnv>, user: SessionUser, form: Record<string, string>) => Promise<Response>,
) {
  return async (c: Context<AppEnv>) => {
    const user = c.get("user");
    if (!user) return loginRedirect(c);
    try {
      const form = await readForm(c);
      assertCsrf(c, form);
      return await handler(c, user, form);
    } catch (err) {
      return renderRefusal(c, err);
    }
  };
}
