import type { Context } from "hono";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/password.js";
import type { AppEnv } from "../http/env.js";
import type { FieldError } from "../domain/errors.js";

export const SignupForm = z.object({
  name: z.string().trim().min(1, "Enter your name").max(200),
  email: z.email("Enter a valid email address").max(320),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`),
});

export const LoginForm = z.object({
  email: z.string().trim().min(1, "Enter your email").max(320),
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
});

/** Text fields of a posted form (files are ignored). */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

export function parseForm<T extends z.ZodType>(schema: T, form: Record<string, string>) {
  const result = schema.safeParse(form);
  if (result.success) return { ok: true as const, data: result.data as z.infer<T> };
  const errors: FieldError[] = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return { ok: false as const, errors };
}

const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/**
 * `next` as a path on this site, or undefined. It is resolved against PUBLIC_URL the way a browser
 * would resolve it, and kept only when it stays on the same origin; control characters (which
 * browsers strip, turning `/<TAB>/evil.com` into `//evil.com`) and backslashes are refused outright.
 */
export function sitePath(next: string | undefined, publicUrl: string): string | undefined {
  if (!next || next.length > 2000 || !next.startsWith("/") || CONTROL_OR_BACKSLASH.test(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, publicUrl);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(publicUrl).origin) return undefined;
  const path = url.pathname + url.search + url.hash;
  // The resolved path must itself be unambiguous: `//x` would be read as another host.
  return path.startsWith("//") ? undefined : path;
}

/** What to keep when a form is shown again: never the password. */
export function keepValues(form: Record<string, string>) {
  const { password: _password, _csrf, ...rest } = form;
  return rest;
}
