import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";

/** Pages that need a person send visitors to log in, and back here afterwards. */
export function loginRedirect(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}
