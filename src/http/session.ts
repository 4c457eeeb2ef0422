import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { findSessionUser } from "../services/accounts/sessions.js";
import type { AppEnv } from "./env.js";

export const SESSION_COOKIE = "handoff_session";

export function isHttps(c: Context<AppEnv>): boolean {
  return c.get("deps").config.publicUrl.startsWith("https://");
}

/** Reads the session cookie, if any, into c.var.user (null when absent, unknown or expired). */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  c.set("user", token ? await findSessionUser(c.get("deps"), token) : null);
  await next();
};

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure: isHttps(c), path: "/", expires: expiresAt });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}
