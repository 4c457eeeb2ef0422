import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";

export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every response carries x-request-id: the caller's own if it is sane, else a fresh one. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : `req_${crypto.randomUUID().replace(/-/g, "")}`;
  c.set("requestId", id);
  c.header("x-request-id", id);
  await next();
  c.res.headers.set("x-request-id", id);
};
