import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { Router } from "../../http/openapi.js";
import { createScimToken, listScimTokens, revokeScimToken } from "../../services/scim/tokens.js";
import { getPolicy, updatePolicy } from "../../services/team/policy.js";
import { organizationSummary } from "../../services/team/team-view.js";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import type { Standing } from "../../services/team/standing.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { ScimPage } from "../pages/scim.js";

const TokenForm = z.object({ name: z.string().trim().min(1, "Enter a name for the token").max(100) });
const NewPeopleForm = z.object({ scimNewPeople: z.enum(["provision", "invitation"], "Choose a provision or an invitation") });

const NOTICES: Record<string, string> = {
  revoked: "Token revoked: the identity provider's next call is refused.",
  saved: "Saved: people the identity provider creates from now on get what you chose.",
};

/** The page with what it shows loaded: the organization, its tokens, the policy's choice for new people. */
async function scimPage(c: Context<AppEnv>, organizationId: string, standing: Standing, extra: { notice?: string | undefined; created?: { name: string; token: string } }) {
  const deps = c.get("deps");
  const [organization, tokens, policy] = await Promise.all([
    organizationSummary(deps, organizationId),
    listScimTokens(deps.db, organizationId),
    getPolicy(deps.db, organizationId),
  ]);
  return (
    <ScimPage
      user={c.get("user")!}
      csrfToken={c.get("csrfToken")}
      standing={standing}
      organization={organization}
      tokens={tokens}
      scimUrl={`${deps.config.publicUrl}/scim/v2`}
      newPeople={policy.scimNewPeople}
      {...extra}
    />
  );
}

/** The SCIM page: tokens for identity providers (same services as /v1/team/scim-tokens) and the choice for new people. */
export function registerScimPages(app: Router) {
  app.get(
    "/orgs/:orgId/scim",
    page.member("manage_integrations", async (c, ctx, standing) => c.html(await scimPage(c, ctx.actor.organizationId, standing, { notice: NOTICES[c.req.query("notice") ?? ""] }))),
  );

  app.post(
    "/orgs/:orgId/scim/tokens",
    form.member("manage_integrations", async (c, ctx, body, standing) => {
      const parsed = parseForm(TokenForm, body);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const { token, view } = await createScimToken(c.get("deps"), ctx, { name: parsed.data.name });
      return c.html(await scimPage(c, ctx.actor.organizationId, standing, { created: { name: view.name, token } }), 201);
    }),
  );

  // The team policy's scimNewPeople, changed through the policy service (owners only; audited as policy.updated).
  app.post(
    "/orgs/:orgId/scim/new-people",
    form.member("manage_integrations", async (c, ctx, body) => {
      const parsed = parseForm(NewPeopleForm, body);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      await updatePolicy(c.get("deps"), ctx, { scimNewPeople: parsed.data.scimNewPeople });
      return c.redirect(`/orgs/${ctx.actor.organizationId}/scim?notice=saved`, 303);
    }),
  );

  app.post(
    "/orgs/:orgId/scim/tokens/:id/revoke",
    form.member("manage_integrations", async (c, ctx) => {
      await revokeScimToken(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(`/orgs/${ctx.actor.organizationId}/scim?notice=revoked`, 303);
    }),
  );
}
