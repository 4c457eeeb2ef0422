import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../http/env.js";
import { DomainError } from "../domain/errors.js";
import { refusalAdvice, refusalTitles } from "./messages.js";
import { MessagePage } from "./pages/message.js";

/** Turns a refusal into its own page with its 4xx status; anything else goes to the app's error handler. */
export function renderRefusal(c: Context<AppEnv>, err: unknown): Response | Promise<Response> {
  if (!(err instanceof DomainError)) throw err;
  const title = refusalTitles[err.code] ?? "Something is not right";
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  const advice = refusalAdvice[err.code];
  return c.html(
    <MessagePage title={title} message={err.detail ?? err.message} code={err.code} user={c.get("user")} csrfToken={c.get("csrfToken")}>
      {advice ? (
        <>
          <p>{advice}</p>
          <p>
            <a href="/account">Go to your account</a>
          </p>
        </>
      ) : undefined}
    </MessagePage>,
    err.status as ContentfulStatusCode,
  );
}
