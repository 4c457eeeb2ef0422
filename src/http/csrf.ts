import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { constantTimeEqual, randomBytes, toBase64Url } from "../domain/encoding.js";
import type { AppEnv } from "./env.js";
import { DomainError } from "../domain/errors.js";
import { isHttps } from "./session.js";

export const CSRF_COOKIE = "handoff_csrf";
export const CSRF_FIELD = "_csrf";

/**
 * Refuses a state-changing request that a browser sent from another site. `Sec-Fetch-Site` decides
 * when the browser sends it (every current one does). Otherwise `Origin` must be ours; a `null`
 * Origin (what browsers send for a form posted from a no-referrer page) passes only where a CSRF
 * token also guards the request. Requests with neither header (curl, SDKs) carry no ambient
 * cookie risk and pass.
 */
export function assertSameOrigin(c: Context<AppEnv>, opts: { tokenChecked?: boolean } = {}): void {
  const site = c.req.header("sec-fetch-site");
  if (site) {
    if (site === "same-origin" || site === "none") return;
    throw new DomainError("cross_origin_refused");
  }
  const origin = c.req.header("origin");
  if (!origin) return;
  if (origin === "null" && opts.tokenChecked) return;
  const allowed = new Set([new URL(c.get("deps").config.publicUrl).origin, new URL(c.req.url).origin]);
  if (!allowed.has(origin)) throw new DomainError("cross_origin_refused");
}

/**
 * Double-submit token for HTML forms: a random value in an HttpOnly, SameSite=Lax cookie and the same
 * value in a hidden field. Another site can neither read the cookie nor set it, so it cannot forge
 * the field. Sets c.var.csrfToken for the page being rendered.
 */
export const csrfCookie: MiddlewareHandler<AppEnv> = async (c, next) => {
  let token = getCookie(c, CSRF_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
    token = toBase64Url(randomBytes(24));
    setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure: isHttps(c), path: "/" });
  }
  c.set("csrfToken", token);
  await next();
};

/** For every form post: same origin, and the hidden field matches the cookie. */
export function assertCsrf(c: Context<AppEnv>, form: Record<string, unknown>): void {
  assertSameOrigin(c, { tokenChecked: true });
  const cookie = getCookie(c, CSRF_COOKIE);
  const field = form[CSRF_FIELD];
  if (!cookie || typeof field !== "string" || !constantTimeEqual(cookie, field)) throw new DomainError("csrf_failed");
}
