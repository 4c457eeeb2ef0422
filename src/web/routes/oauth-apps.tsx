import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { Router } from "../../http/openapi.js";
import { createClient, deleteClient, listClients, setClientDisabled } from "../../services/oauth/clients.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { KeyIssuedPage } from "../pages/key-issued.js";
import { OAuthAppsPage } from "../pages/oauth-apps.js";
import { checkedScopes } from "./api-keys.js";

const NewAppForm = z.object({ name: z.string().trim().min(1, "Enter a name for the app").max(200) });
const ListQuery = z.object({ cursor: z.string().max(500).optional().catch(undefined) });
const NOTICES: Record<string, string> = {
  disabled: "App disabled. Its tokens stopped working.",
  enabled: "App enabled. It can obtain tokens again.",
  deleted: "App deleted with its tokens.",
};

/** The OAuth apps page: members holding `manage_integrations`, with the same services as the API. */
export function registerOAuthAppPages(app: Router) {
  const base = (orgId: string) => `/orgs/${orgId}/oauth-apps`;

  app.get(
    "/orgs/:orgId/oauth-apps",
    page.member("manage_integrations", async (c, ctx, standing) => {
      const deps = c.get("deps");
      const organizationId = ctx.actor.organizationId;
      const { cursor } = ListQuery.parse(c.req.query());
      const [organization, apps] = await Promise.all([organizationSummary(deps, organizationId), listClients(deps, organizationId, { limit: 50, cursor })]);
      return c.html(
        <OAuthAppsPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} organization={organization} apps={apps.data} nextCursor={apps.nextCursor} notice={NOTICES[c.req.query("notice") ?? ""]} />,
      );
    }),
  );

  app.post(
    "/orgs/:orgId/oauth-apps",
    form.member("manage_integrations", async (c, ctx, body) => {
      const parsed = parseForm(NewAppForm, body);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const scopes = checkedScopes(body);
      if (scopes.length === 0) throw new DomainError("validation_failed", "Choose at least one scope", { errors: [{ path: "scopes", message: "Choose at least one scope" }] });
      const created = await createClient(c.get("deps"), ctx, { name: parsed.data.name, scopes });
      const back = { href: base(ctx.actor.organizationId), label: "Back to OAuth apps" };
      const note = "Send the client ID and secret as HTTP Basic credentials to POST /v1beta1/users/oauth2/token (grant_type=client_credentials).";
      const identifier = { id: "client-id", label: "Client ID", value: created.client.id };
      return c.html(
        <KeyIssuedPage user={c.get("user")!} csrfToken={c.get("csrfToken")} title="OAuth app created" keyName="Client secret" secret={created.secret} identifier={identifier} note={note} back={back} />,
        201,
      );
    }),
  );

  for (const [verb, disabled] of [["disable", true], ["enable", false]] as const) {
    app.post(
      `/orgs/:orgId/oauth-apps/:id/${verb}`,
      form.member("manage_integrations", async (c, ctx) => {
        await setClientDisabled(c.get("deps"), ctx, c.req.param("id")!, disabled);
        return c.redirect(`${base(ctx.actor.organizationId)}?notice=${verb}d`, 303);
      }),
    );
  }

  app.post(
    "/orgs/:orgId/oauth-apps/:id/delete",
    form.member("manage_integrations", async (c, ctx) => {
      await deleteClient(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(`${base(ctx.actor.organizationId)}?notice=deleted`, 303);
    }),
  );
}
