import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../http/env.js";
import { MessagePage } from "../pages/message.js";

function refusedForm(c: Context<AppEnv>, status: 413 | 415, title: string, message: string) {
  return c.html(<MessagePage title={title} message={message} code={status === 413 ? "payload_too_large" : "unsupported_media_type"} />, status);
}

/**
 * Form posts carry a few short fields: anything over FORM_MAX_BODY_BYTES is refused (413) before it is
 * read in full, and multipart bodies (file uploads, which no page takes) are refused with 415.
 */
export const formBody: MiddlewareHandler<AppEnv> = (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  if (/^multipart\//i.test(c.req.header("content-type") ?? "")) {
    return Promise.resolve(refusedForm(c, 415, "This form cannot be sent that way", "Send the form as a plain web form; no page here takes files."));
  }
  const max = c.get("deps").config.formMaxBodyBytes;
  return bodyLimit({
    maxSize: max,
    onError: (c) => refusedForm(c as Context<AppEnv>, 413, "The form is too large", `Forms are limited to ${max} bytes. Shorten what you typed and try again.`),
  })(c, next);
};

