import { z } from "zod";
import { toBase64Url, randomBytes } from "../../domain/encoding.js";
import { EXPIRES_IN } from "../../domain/provision-rules.js";
import { DomainError } from "../../domain/errors.js";
import type { Router } from "../../http/openapi.js";
import { cancelProvision } from "../../services/provisions/cancel.js";
import { provisionOnce } from "../../services/provisions/provision-once.js";
import { regenerateClaimLink } from "../../services/provisions/regenerate-link.js";
import { organizationSummary, provisionPage, teamView } from "../../services/team/team-view.js";
import { keepValues, parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { mailEnabled } from "../../services/mail/outbox.js";
import { CancelConfirmPage, ProvisionDetailPage } from "../pages/provision-detail.js";
import { ProvisionFormPage, ProvisionResultPage } from "../pages/provision-form.js";
import { TeamPage } from "../pages/team.js";

const StatusFilter = z.enum(["pending", "claimed", "cancelled", "expired"]).optional().catch(undefined);

const ProvisionForm = z.object({
  role: z.enum(["member", "admin"], "Choose Member or Admin"),
  skipOnboarding: z.literal("on").optional(),
  // A ticked box is sent, an unticked one is not: absent means "do not mail the link".
  sendEmail: z.literal("on").optional(),
  name: z.string().trim().max(200).optional().transform((v) => v || undefined),
  email: z.union([z.literal(""), z.email("Enter a valid email address").max(320)]).optional().transform((v) => v || undefined),
  projectName: z.string().trim().max(200).optional().transform((v) => v || undefined),
  expiresIn: z.coerce.number().int().min(EXPIRES_IN.min).max(EXPIRES_IN.max),
  idempotencyKey: z.string().min(16).max(64),
});

export function registerTeamPages(app: Router) {
  app.get(
    "/team",
    page.user((c, user) => {
      if (!user.teamOrganizationId) throw new DomainError("team_role_required", "Only the organization's owners and admins can open the Team page.");
      return c.redirect(`/orgs/${user.teamOrganizationId}/team`, 303);
    }),
  );

  app.get(
    "/orgs/:orgId/team",
    page.team(async (c, { actor: team }) => {
      const deps = c.get("deps");
      const status = StatusFilter.parse(c.req.query("status"));
      const view = await teamView(deps, team.organizationId, { status, cursor: c.req.query("cursor"), limit: 25 });
      const notice = c.req.query("cancelled") ? "Provision cancelled. Its key no longer works." : undefined;
      return c.html(<TeamPage user={c.get("user")!} csrfToken={c.get("csrfToken")} view={view} status={status} now={deps.clock.now()} notice={notice} />);
    }),
  );

  app.get(
    "/orgs/:orgId/provisions/new",
    page.team(async (c, { actor: team }) => {
      const organization = await organizationSummary(c.get("deps"), team.organizationId);
      // A fresh Idempotency-Key per form: submitting the same form twice provisions once.
      return c.html(
        <ProvisionFormPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} mail={mailEnabled(c.get("deps"))} idempotencyKey={toBase64Url(randomBytes(18))} />,
      );
    }),
  );

  app.post(
    "/orgs/:orgId/provisions",
    form.team(async (c, ctx, form) => {
      const deps = c.get("deps");
      const team = ctx.actor;
      const organization = await organizationSummary(deps, team.organizationId);
      const parsed = parseForm(ProvisionForm, form);
      if (!parsed.ok) {
        const values = { ...keepValues(form), skipOnboarding: form.skipOnboarding ? "on" : "off", sendEmail: form.sendEmail ? "on" : "off" };
        return c.html(
          <ProvisionFormPage
            user={c.get("user")!}
            csrfToken={c.get("csrfToken")}
            organization={organization}
            mail={mailEnabled(deps)}
            idempotencyKey={form.idempotencyKey || toBase64Url(randomBytes(18))}
            values={values}
            errors={parsed.errors}
          />,
          400,
        );
      }
      const { idempotencyKey, skipOnboarding, sendEmail, ...rest } = parsed.data;
      const result = await provisionOnce(deps, ctx, { ...rest, skipOnboarding: skipOnboarding === "on", sendEmail: sendEmail === "on" }, idempotencyKey);
      return c.html(<ProvisionResultPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} created={result.body} />, 201);
    }),
  );

  app.get(
    "/orgs/:orgId/provisions/:id",
    page.team(async (c, { actor: team }) => {
      const deps = c.get("deps");
      const view = await provisionPage(deps, team.organizationId, c.req.param("id")!);
      const notice = c.req.query("notice") === "cancelled" ? "Provision cancelled. Its key no longer works." : undefined;
      return c.html(<ProvisionDetailPage user={c.get("user")!} csrfToken={c.get("csrfToken")} {...view} now={deps.clock.now()} notice={notice} />);
    }),
  );

  app.get(
    "/orgs/:orgId/provisions/:id/cancel",
    page.team(async (c, { actor: team }) => {
      const { organization, provision } = await provisionPage(c.get("deps"), team.organizationId, c.req.param("id")!);
      return c.html(<CancelConfirmPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} provision={provision} />);
    }),
  );

  app.post(
    "/orgs/:orgId/provisions/:id/cancel",
    form.team(async (c, ctx) => {
      const provision = await cancelProvision(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(`/orgs/${ctx.actor.organizationId}/provisions/${provision.id}?notice=cancelled`, 303);
    }),
  );

  app.post(
    "/orgs/:orgId/provisions/:id/claim-link",
    form.team(async (c, ctx) => {
      const deps = c.get("deps");
      const result = await regenerateClaimLink(deps, ctx, c.req.param("id")!, undefined);
      const view = await provisionPage(deps, ctx.actor.organizationId, result.provision);
      return c.html(<ProvisionDetailPage user={c.get("user")!} csrfToken={c.get("csrfToken")} {...view} now={deps.clock.now()} newClaimUrl={result.claimUrl} />);
    }),
  );
}
