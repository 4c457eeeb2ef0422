import { z } from "zod";
import { person } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { actorContext } from "../../http/actor-context.js";
import type { Router } from "../../http/openapi.js";
import { accountOverview } from "../../services/accounts/account-overview.js";
import { onboardingView, renameOwnProject } from "../../services/accounts/projects.js";
import { createOwnOrganization } from "../../services/organizations.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { AccountPage } from "../pages/account.js";
import { OnboardingPage } from "../pages/onboarding.js";

const RenameForm = z.object({ name: z.string().trim().min(1, "Enter a name").max(200) });

export function registerAccountPages(app: Router) {
  app.get("/", (c) => c.redirect(c.get("user") ? "/account" : "/login", 303));

  app.get(
    "/account",
    page.user(async (c, user) => {
      const deps = c.get("deps");
      const overview = await accountOverview(deps, user.id);
      const notice = c.req.query("claimed")
        ? "Account claimed. The project, its agents and keys are yours now."
        : c.req.query("revoked")
          ? "Key revoked. It no longer works."
          : c.req.query("joined")
            ? "Invitation accepted. Welcome aboard."
            : c.req.query("two-step") === "off"
              ? "Two-step login is off."
              : verificationNotice(c.req.query("verification"));
      return c.html(
        <AccountPage
          user={user}
          csrfToken={c.get("csrfToken")}
          overview={overview}
          now={deps.clock.now()}
          notice={notice}
          organizationId={c.req.query("org")}
          selfService={deps.config.selfServiceOrganizations}
        />,
      );
    }),
  );

  app.get(
    "/onboarding/:provisionId",
    page.user(async (c, user) => {
      const deps = c.get("deps");
      const view = await onboardingView(deps, user.id, c.req.param("provisionId")!);
      return c.html(
        <OnboardingPage
          user={user}
          csrfToken={c.get("csrfToken")}
          publicUrl={deps.config.publicUrl}
          notice={c.req.query("renamed") ? "Project renamed." : undefined}
          {...view}
        />,
      );
    }),
  );

  app.post(
    "/organizations",
    form.user(async (c, user, form) => {
      const parsed = parseForm(RenameForm, form);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const organization = await createOwnOrganization(c.get("deps"), actorContext(c, person(user.id)), { name: parsed.data.name });
      return c.redirect(`/orgs/${organization.id}/people?notice=welcome`, 303);
    }),
  );

  app.post(
    "/projects/:id/name",
    form.user(async (c, user, form) => {
      const parsed = parseForm(RenameForm, form);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const provisionId = await renameOwnProject(c.get("deps"), actorContext(c, person(user.id)), c.req.param("id")!, parsed.data.name);
      return c.redirect(provisionId ? `/onboarding/${provisionId}?renamed=1` : "/account", 303);
    }),
  );
}

function verificationNotice(outcome: string | undefined): string | undefined {
  if (outcome === "sent") return "A new verification link is on its way: open it from your mailbox.";
  if (outcome === "already_verified") return "Your address is verified already.";
  return undefined;
}
