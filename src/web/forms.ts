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

/** Only same-site relative paths: `next` must never become an open redirect. */
export function safeNext(next: string | undefined, fallback = "/account"): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}

/** What to keep when a form is shown again: never the password. */
export function keepValues(form: Record<string, string>) {
  const { password: _password, _csrf, ...rest } = form;
  return rest;
}
