import { LIMITS } from "../../domain/rate-limits.js";
import { clientIp } from "../../http/client-ip.js";
import { assertCsrf } from "../../http/csrf.js";
import { ApiError } from "../../http/errors.js";
import type { Router } from "../../http/openapi.js";
import { setSessionCookie } from "../../http/session.js";
import { completeOwnerSetup, readSetupLink } from "../../services/accounts/owner-setup.js";
import { createSession } from "../../services/accounts/sessions.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, parseForm, readForm, SignupForm } from "../forms.js";
import { SetupPage } from "../pages/setup.js";
import { renderRefusal } from "./render.js";

export function registerSetupPages(app: Router) {
  app.get("/setup/:token", async (c) => {
    try {
      const link = await readSetupLink(c.get("deps"), c.req.param("token"));
      return c.html(<SetupPage token={c.req.param("token")} organizationName={link.organizationName} user={c.get("user")} csrfToken={c.get("csrfToken")} />);
    } catch (err) {
      return renderRefusal(c, err);
    }
  });

  app.post("/setup/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const form = await readForm(c);
    const user = c.get("user");
    try {
      assertCsrf(c, form);
      await consumeRateLimit(deps, LIMITS.signupPerIp, clientIp(c));
      const link = await readSetupLink(deps, token);
      if (user) {
        await completeOwnerSetup(deps, token, { kind: "existing", userId: user.id }, c.get("requestId"));
        return c.redirect("/account", 303);
      }
      const parsed = parseForm(SignupForm, form);
      const again = (status: 400 | 409, props: { error?: string | undefined; errors?: { path: string; message: string }[] | undefined }) =>
        c.html(
          <SetupPage token={token} organizationName={link.organizationName} user={null} csrfToken={c.get("csrfToken")} values={keepValues(form)} {...props} />,
          status,
        );
      if (!parsed.ok) return again(400, { errors: parsed.errors });
      try {
        const done = await completeOwnerSetup(deps, token, { kind: "new", account: parsed.data }, c.get("requestId"));
        const session = await createSession(deps, deps.db, done.userId);
        setSessionCookie(c, session.token, session.expiresAt);
        return c.redirect("/account", 303);
      } catch (err) {
        if (err instanceof ApiError && err.code === "email_taken") return again(409, { error: err.detail, errors: err.extra?.errors });
        throw err;
      }
    } catch (err) {
      return renderRefusal(c, err);
    }
  });
}
