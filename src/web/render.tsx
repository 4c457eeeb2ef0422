import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../http/env.js";
import { DomainError } from "../domain/errors.js";
import { refusalAdvice, refusalTitles } from "./messages.js";
import { MessagePage } from "./pages/message.js";
import { CsrfField } from "./components.js";
import { withNext } from "./layout.js";

/** Turns a refusal into its own page with its 4xx status; anything else goes to the app's error handler. */
export function renderRefusal(c: Context<AppEnv>, err: unknown): Response | Promise<Response> {
  if (!(err instanceof DomainError)) throw err;
  const title = refusalTitles[err.code] ?? "Something is not right";
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  if (err.code === "two_step_required") return renderTwoStepRequired(c, err);
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

/**
 * The organization asks this person for two-step login: the reason and the button that starts the
 * enrolment, which brings them back to the page they asked for (a GET; a form post goes back to the
 * account page) once it is on.
 */
function renderTwoStepRequired(c: Context<AppEnv>, err: DomainError) {
  const url = new URL(c.req.url);
  const next = c.req.method === "GET" ? url.pathname + url.search : undefined;
  const csrfToken = c.get("csrfToken");
  return c.html(
    <MessagePage title={refusalTitles.two_step_required!} message={err.detail ?? err.message} code={err.code} user={c.get("user")} csrfToken={csrfToken}>
      <p>{refusalAdvice.two_step_required}</p>
      <form method="post" action={withNext("/account/two-step/start", next)}>
        <CsrfField token={csrfToken} />
        <button type="submit">Turn on two-step login</button>
      </form>
    </MessagePage>,
    403,
  );
}
