import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../domain/password.js";
import { LIMITS } from "../../domain/rate-limits.js";
import { personContext } from "../../http/actor-context.js";
import { clientIp } from "../../http/client-ip.js";
import type { Router } from "../../http/openapi.js";
import { acceptRecovery, recoveryPage } from "../../services/accounts/recovery-link.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { MessagePage } from "../pages/message.js";
import { RecoveryPage } from "../pages/recovery.js";

const NewPasswordForm = z
  .object({
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`),
    confirm: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .refine((f) => f.password === f.confirm, { path: ["confirm"], message: "Type the same password twice" });

/**
 * `/recover/<token>`: the link an admin's recovery mailed. The GET shows the form (mail scanners that
 * fetch the link change nothing); the POST, CSRF-checked and rate-limited per address like the other
 * link pages, sets the new password. An unusable link gets a page saying why.
 */
export function registerRecoveryPages(app: Router) {
  app.get(
    "/recover/:token",
    page.anyone(async (c) => {
      const token = c.req.param("token")!;
      const view = await recoveryPage(c.get("deps"), token);
      return c.html(<RecoveryPage token={token} csrfToken={c.get("csrfToken")} {...view} />);
    }),
  );

  app.post(
    "/recover/:token",
    form.anyone(
      async (c, body) => {
        const deps = c.get("deps");
        const token = c.req.param("token")!;
        await consumeRateLimit(deps, LIMITS.recoveryPerIp, clientIp(c));
        const parsed = parseForm(NewPasswordForm, body);
        if (!parsed.ok) {
          const view = await recoveryPage(deps, token);
          return c.html(<RecoveryPage token={token} csrfToken={c.get("csrfToken")} {...view} errors={parsed.errors} />, 400);
        }
        const done = await acceptRecovery(deps, personContext(c), token, parsed.data.password);
        return c.html(
          <MessagePage
            title="New password set"
            message={`Your new password is set and two-step login is off. An admin of ${done.organizationName} completes the recovery next; you can log in once they have.`}
            csrfToken={c.get("csrfToken")}
            code="recovery_accepted"
          >
            <p>
              <a href="/login">Go to log in</a>
            </p>
          </MessagePage>,
        );
      },
      {
        on: ["rate_limited"],
        show: async (c, err) => {
          const token = c.req.param("token")!;
          const view = await recoveryPage(c.get("deps"), token);
          return c.html(<RecoveryPage token={token} csrfToken={c.get("csrfToken")} {...view} error={err.detail} />, 429);
        },
      },
    ),
  );
}
