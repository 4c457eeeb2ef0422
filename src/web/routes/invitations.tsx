import type { Context } from "hono";
import { z } from "zod";
import { EXPIRES_IN } from "../../domain/provision-rules.js";
import { LIMITS } from "../../domain/rate-limits.js";
import { clientIp } from "../../http/client-ip.js";
import { assertCsrf } from "../../http/csrf.js";
import type { AppEnv } from "../../http/env.js";
import { ApiError } from "../../http/errors.js";
import type { Router } from "../../http/openapi.js";
import { setSessionCookie } from "../../http/session.js";
import { createSession } from "../../services/accounts/sessions.js";
import { acceptInvitation, createInvitation, readInvitation } from "../../services/invitations/invitations.js";
import { consumeRateLimit } from "../../services/rate-limit.js";
import { keepValues, parseForm, readForm, SignupForm } from "../forms.js";
import { InvitationPage, InviteCreatedPage, InviteFormPage } from "../pages/invitation.js";
import { renderRefusal } from "./render.js";
import { asTeamUser, organizationOf } from "./team.js";

const InviteForm = z.object({
  role: z.enum(["member", "admin"], "Choose Member or Admin"),
  email: z.union([z.literal(""), z.email("Enter a valid email address").max(320)]).optional().transform((v) => v || undefined),
  expiresIn: z.coerce.number().int().min(EXPIRES_IN.min).max(EXPIRES_IN.max),
});

async function showInvitation(c: Context<AppEnv>, token: string, extra: { status?: 400 | 409 | 429; error?: string | undefined; errors?: { path: string; message: string }[] | undefined; values?: Record<string, string> } = {}) {
  const user = c.get("user");
  const inv = await readInvitation(c.get("deps"), c.get("deps").db, token, user ?? undefined);
  return c.html(
    <InvitationPage token={token} organizationName={inv.organization_name} role={inv.role} email={inv.email} user={user} csrfToken={c.get("csrfToken")} {...extra} />,
    extra.status ?? 200,
  );
}

export function registerInvitationPages(app: Router) {
  app.get(
    "/orgs/:orgId/invitations/new",
    asTeamUser(async (c, team) => c.html(<InviteFormPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={await organizationOf(c, team.organizationId)} />)),
  );

  app.post(
    "/orgs/:orgId/invitations",
    asTeamUser(async (c, team) => {
      const form = await readForm(c);
      assertCsrf(c, form);
      const organization = await organizationOf(c, team.organizationId);
      const parsed = parseForm(InviteForm, form);
      if (!parsed.ok) {
        return c.html(<InviteFormPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} values={keepValues(form)} errors={parsed.errors} />, 400);
      }
      const inv = await createInvitation(c.get("deps"), team, parsed.data, c.get("requestId"));
      return c.html(<InviteCreatedPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} url={inv.url} role={inv.role} expiresAt={inv.expiresAt} />, 201);
    }),
  );

  app.get("/invite/:token", async (c) => {
    try {
      return await showInvitation(c, c.req.param("token"));
    } catch (err) {
      return renderRefusal(c, err);
    }
  });

  app.post("/invite/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const form = await readForm(c);
    const user = c.get("user");
    try {
      assertCsrf(c, form);
      await consumeRateLimit(deps, LIMITS.claimPerIp, clientIp(c));
      if (user) {
        await acceptInvitation(deps, token, { kind: "existing", userId: user.id, email: user.email }, c.get("requestId"));
        return c.redirect("/account?joined=1", 303);
      }
      const parsed = parseForm(SignupForm, form);
      if (!parsed.ok) return await showInvitation(c, token, { status: 400, errors: parsed.errors, values: keepValues(form) });
      try {
        const done = await acceptInvitation(deps, token, { kind: "new", account: parsed.data }, c.get("requestId"));
        const session = await createSession(deps, deps.db, done.userId);
        setSessionCookie(c, session.token, session.expiresAt);
        return c.redirect("/account?joined=1", 303);
      } catch (err) {
        if (err instanceof ApiError && err.code === "email_taken") {
          return await showInvitation(c, token, { status: 409, error: "An account with this email already exists. Log in to accept.", errors: err.extra?.errors, values: keepValues(form) });
        }
        throw err;
      }
    } catch (err) {
      return renderRefusal(c, err);
    }
  });
}
