import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/env.js";
import { DomainError } from "../domain/errors.js";
import { renderRefusal } from "./render.js";

// No page parameter has a control character; a form field may hold tabs and line breaks, nothing else.
const QUERY_UNSAFE = /[\u0000-\u001f\u007f\p{Cs}]/u;
const FIELD_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\p{Cs}]/u;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

/**
 * Pages refuse hostile input before any handler sees it: a control character in a query parameter
 * (`next=/%0a…` would otherwise reach a Location header) or a NUL in a form field (PostgreSQL refuses it
 * in text). Each is a 400 page naming the field, never a 500.
 */
export const pageInputGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (QUERY_UNSAFE.test(name) || values.some((v) => QUERY_UNSAFE.test(v))) return refuse(c, `query.${name}`);
  }
  const type = c.req.header("content-type");
  if (c.req.method === "POST" && type && FORM_TYPE.test(type)) {
    const body = await c.req.parseBody({ all: true });
    for (const [name, value] of Object.entries(body)) {
      const values = Array.isArray(value) ? value : [value];
      if (FIELD_UNSAFE.test(name) || values.some((v) => typeof v === "string" && FIELD_UNSAFE.test(v))) return refuse(c, `form.${name}`);
    }
  }
  await next();
};

function refuse(c: Parameters<MiddlewareHandler<AppEnv>>[0], field: string) {
  const err = new DomainError("validation_failed", `${field} must not contain control characters.`, {
    errors: [{ path: field, message: "must not contain control characters" }],
  });
  return renderRefusal(c, err);
}
