import type { Context } from "hono";
import { afterClaimPath } from "../../domain/claim-rules.js";
import { LIMITS } from "../../domain/rate-limits.js";
import { clientIp } from "../../http/client-ip.js";
import { assertCsrf } from "../../http/csrf.js";
import type { AppEnv } from "../../http/env.js";
import { ApiError } from "../../http/errors.js";
import type { Router } from "../../http/openapi.js";
import { setSessionCookie } from "../../http/session.js";
import { createSession } from "../../services/accounts/sessions.js";
import { claimProvision } from "../../services/claims/claim.js";
import { readClaimLink } from "../../services/claims/read-link.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, parseForm, readForm, SignupForm } from "../forms.js";
import { ClaimPage } from "../pages/claim.js";
import { renderRefusal } from "./render.js";

async function showClaim(c: Context<AppEnv>, token: string, extra: { status?: 400 | 409 | 429; error?: string; errors?: { path: string; message: string }[]; values?: Record<string, string> } = {}) {
  const user = c.get("user");
  const link = await readClaimLink(c.get("deps"), c.get("deps").db, token, user ? { claimantEmail: user.email } : {});
  return c.html(
    <ClaimPage
      token={token}
      provision={link.provision}
      organizationName={link.organization.name}
      user={user}
      csrfToken={c.get("csrfToken")}
      error={extra.error}
      errors={extra.errors}
      values={extra.values}
    />,
    extra.status ?? 200,
  );
}

export function registerClaimPages(app: Router) {
  app.get("/claim/:token", async (c) => {
    try {
      return await showClaim(c, c.req.param("token"));
    } catch (err) {
      return renderRefusal(c, err);
    }
  });

  app.post("/claim/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const form = await readForm(c);
    const user = c.get("user");
    try {
      assertCsrf(c, form);
      await consumeRateLimit(deps, LIMITS.claimPerIp, clientIp(c));
      if (user) {
        await consumeRateLimit(deps, LIMITS.claimPerAccount, user.id);
        const result = await claimProvision(deps, token, { kind: "existing", userId: user.id, email: user.email }, c.get("requestId"));
        return c.redirect(afterClaimPath(result.provision), 303);
      }
      const parsed = parseForm(SignupForm, form);
      if (!parsed.ok) return await showClaim(c, token, { status: 400, errors: parsed.errors, values: keepValues(form) });
      const result = await claimProvision(deps, token, { kind: "new", ...parsed.data }, c.get("requestId"));
      const session = await createSession(deps, deps.db, result.userId);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(afterClaimPath(result.provision), 303);
    } catch (err) {
      if (err instanceof ApiError && (err.code === "email_taken" || err.code === "rate_limited")) {
        for (const [name, value] of Object.entries(err.extra?.headers ?? {})) c.header(name, value);
        const error = err.code === "email_taken" ? "An account with this email already exists. Log in to claim into it." : err.detail;
        try {
          return await showClaim(c, token, { status: err.code === "email_taken" ? 409 : 429, error, errors: err.extra?.errors, values: keepValues(form) });
        } catch (inner) {
          return renderRefusal(c, inner);
        }
      }
      return renderRefusal(c, err);
    }
  });
}
