import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { Router } from "../../http/openapi.js";
import { createScimToken, listScimTokens, revokeScimToken } from "../../services/scim/tokens.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { ScimPage } from "../pages/scim.js";

const TokenForm = z.object({ name: z.string().trim().min(1, "Enter a name for the token").max(100) });

/** The SCIM page: tokens for identity providers (same services as /v1/team/scim-tokens). */
export function registerScimPages(app: Router) {
  const scimUrl = (publicUrl: string) => `${publicUrl}/scim/v2`;

  app.get(
    "/orgs/:orgId/scim",
    page.member("manage_integrations", async (c, ctx, standing) => {
      const deps = c.get("deps");
      const [organization, tokens] = await Promise.all([organizationSummary(deps, ctx.actor.organizationId), listScimTokens(deps.db, ctx.actor.organizationId)]);
      const notice = c.req.query("notice") === "revoked" ? "Token revoked: the identity provider's next call is refused." : undefined;
      return c.html(
        <ScimPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} organization={organization} tokens={tokens} scimUrl={scimUrl(deps.config.publicUrl)} notice={notice} />,
      );
    }),
  );

  app.post(
    "/orgs/:orgId/scim/tokens",
    form.member("manage_integrations", async (c, ctx, body, standing) => {
      const deps = c.get("deps");
      const parsed = parseForm(TokenForm, body);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const { token, view } = await createScimToken(deps, ctx, { name: parsed.data.name });
      const [organization, tokens] = await Promise.all([organizationSummary(deps, ctx.actor.organizationId), listScimTokens(deps.db, ctx.actor.organizationId)]);
      return c.html(
        <ScimPage
          user={c.get("user")!}
          csrfToken={c.get("csrfToken")}
          standing={standing}
          organization={organization}
          tokens={tokens}
          scimUrl={scimUrl(deps.config.publicUrl)}
          created={{ name: view.name, token }}
        />,
        201,
      );
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
