import { z } from "zod";
import { EXPIRES_IN } from "../../domain/provision-rules.js";
import { LIMITS } from "../../domain/rate-limits.js";
import type { Router } from "../../http/openapi.js";
import { actorContext } from "../../http/actor-context.js";
import { acceptInvitation, createInvitation, invitationPage } from "../../services/invitations/invitations.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { keepValues, parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { InvitationPage, InviteCreatedPage, InviteFormPage } from "../pages/invitation.js";
import { registerLinkPage } from "./link-page.js";

const InviteForm = z.object({
  role: z.enum(["member", "admin"], "Choose Member or Admin"),
  email: z.union([z.literal(""), z.email("Enter a valid email address").max(320)]).optional().transform((v) => v || undefined),
  expiresIn: z.coerce.number().int().min(EXPIRES_IN.min).max(EXPIRES_IN.max),
});

export function registerInvitationPages(app: Router) {
  app.get(
    "/orgs/:orgId/invitations/new",
    page.member("provision", async (c, { actor }) =>
      c.html(<InviteFormPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={await organizationSummary(c.get("deps"), actor.organizationId)} />),
    ),
  );

  app.post(
    "/orgs/:orgId/invitations",
    form.member("provision", async (c, ctx, form) => {
      const organization = await organizationSummary(c.get("deps"), ctx.actor.organizationId);
      const parsed = parseForm(InviteForm, form);
      if (!parsed.ok) {
        return c.html(<InviteFormPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} values={keepValues(form)} errors={parsed.errors} />, 400);
      }
      const inv = await createInvitation(c.get("deps"), ctx, parsed.data);
      return c.html(<InviteCreatedPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} url={inv.url} role={inv.role} expiresAt={inv.expiresAt} />, 201);
    }),
  );

  registerLinkPage(app, {
    path: "/invite/:token",
    limits: { perIp: LIMITS.claimPerIp, perAccount: LIMITS.claimPerAccount },
    emailTaken: "An account with this email already exists. Log in to accept.",
    async show(c, token, extra) {
      const user = c.get("user");
      const view = await invitationPage(c.get("deps"), token, user ?? undefined);
      return c.html(
        <InvitationPage token={token} {...view} user={user} csrfToken={c.get("csrfToken")} {...extra} />,
        extra.status ?? 200,
      );
    },
    async takeAsUser(c, ctx, token, user, proof) {
      await acceptInvitation(c.get("deps"), ctx, token, { kind: "existing", userId: user.id, email: user.email }, proof);
      return "/account?joined=1";
    },
    async takeAsNewAccount(c, ctx, token, account, proof) {
      const done = await acceptInvitation(c.get("deps"), ctx, token, { kind: "new", account }, proof);
      return { userId: done.userId, next: "/account?joined=1" };
    },
  });
}
