import { person } from "../../domain/actors.js";
import { actorContext, personContext } from "../../http/actor-context.js";
import type { Router } from "../../http/openapi.js";
import { resendVerification, verifyEmail } from "../../services/accounts/email-verification.js";
import { CsrfField } from "../components.js";
import { form, page } from "../guards.js";
import { MessagePage } from "../pages/message.js";

/**
 * Verification links: the link opens a page with one button, and the button verifies. (Mail scanners
 * fetch links to look at them; a GET alone changes nothing.)
 */
export function registerVerifyEmailPages(app: Router) {
  app.get(
    "/verify-email/:token",
    page.anyone(async (c) =>
      c.html(
        <MessagePage title="Verify your email address" message="Press the button to confirm that this address is yours." user={c.get("user")} csrfToken={c.get("csrfToken")}>
          <form method="post" action={`/verify-email/${c.req.param("token")}`}>
            <CsrfField token={c.get("csrfToken")} />
            <button type="submit">Verify my address</button>
          </form>
        </MessagePage>,
      ),
    ),
  );

  app.post(
    "/verify-email/:token",
    form.anyone(async (c) => {
      const done = await verifyEmail(c.get("deps"), personContext(c), c.req.param("token")!);
      return c.html(
        <MessagePage title="Address verified" message={`${done.email} is verified. Claim links and invitations made out to it are yours to take.`} user={c.get("user")} csrfToken={c.get("csrfToken")} code="email_verified">
          <p>
            <a href="/account">Go to your account</a>
          </p>
        </MessagePage>,
      );
    }),
  );

  app.post(
    "/account/verify-email",
    form.user(async (c, user) => {
      const outcome = await resendVerification(c.get("deps"), actorContext(c, person(user.id)), user.id);
      return c.redirect(`/account?verification=${outcome}`, 303);
    }),
  );
}
