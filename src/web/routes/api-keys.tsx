import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { TEAM_SCOPES, type TeamScope } from "../../domain/team-scopes.js";
import type { Router } from "../../http/openapi.js";
import { MAX_ROLL_GRACE_SECONDS } from "../../services/keys/keys.js";
import {
  createOrganizationKey,
  listOrganizationKeys,
  revokeOrganizationKey,
  rollOrganizationKey,
} from "../../services/organization-keys/organization-keys.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { ApiKeysPage } from "../pages/api-keys.js";
import { KeyIssuedPage } from "../pages/key-issued.js";

const NewKeyForm = z.object({
  name: z.string().trim().min(1, "Enter a name for the key").max(200),
  expiresIn: z.union([z.literal(""), z.coerce.number().int().min(60).max(366 * 24 * 3600)], "Choose when the key expires"),
});
const RollForm = z.object({ gracePeriod: z.coerce.number().int().min(0).max(MAX_ROLL_GRACE_SECONDS).catch(0) });
const ListQuery = z.object({ cursor: z.string().max(500).optional().catch(undefined) });

const NOTICES: Record<string, string> = { revoked: "Key revoked. It no longer works." };

/** Posted scope checkboxes (`scope_<name>=on`), in canonical order. */
export function checkedScopes(body: Record<string, string>): TeamScope[] {
  return TEAM_SCOPES.filter((s) => body[`scope_${s}`] === "on");
}

/** The API keys page: members holding `manage_integrations`, with the same services as the API. */
export function registerApiKeyPages(app: Router) {
  const base = (orgId: string) => `/orgs/${orgId}/api-keys`;

  app.get(
    "/orgs/:orgId/api-keys",
    page.member("manage_integrations", async (c, ctx, standing) => {
      const deps = c.get("deps");
      const organizationId = ctx.actor.organizationId;
      const { cursor } = ListQuery.parse(c.req.query());
      const [organization, keys] = await Promise.all([
        organizationSummary(deps, organizationId),
        listOrganizationKeys(deps, organizationId, { limit: 50, cursor }),
      ]);
      const notice = NOTICES[c.req.query("notice") ?? ""];
      return c.html(
        <ApiKeysPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} organization={organization} keys={keys.data} nextCursor={keys.nextCursor} now={deps.clock.now()} notice={notice} />,
      );
    }),
  );

  app.post(
    "/orgs/:orgId/api-keys",
    form.member("manage_integrations", async (c, ctx, body) => {
      const parsed = parseForm(NewKeyForm, body);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const scopes = checkedScopes(body);
      if (scopes.length === 0) {
        throw new DomainError("validation_failed", "Choose at least one scope", { errors: [{ path: "scopes", message: "Choose at least one scope" }] });
      }
      const { name, expiresIn } = parsed.data;
      const issued = await createOrganizationKey(c.get("deps"), ctx, { name, scopes, expiresIn: expiresIn === "" ? undefined : expiresIn });
      const back = { href: base(ctx.actor.organizationId), label: "Back to API keys" };
      return c.html(<KeyIssuedPage user={c.get("user")!} csrfToken={c.get("csrfToken")} title="API key created" keyName={issued.row.name} secret={issued.secret} back={back} />, 201);
    }),
  );

  app.post(
    "/orgs/:orgId/api-keys/:id/revoke",
    form.member("manage_integrations", async (c, ctx) => {
      await revokeOrganizationKey(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(`${base(ctx.actor.organizationId)}?notice=revoked`, 303);
    }),
  );

  app.post(
    "/orgs/:orgId/api-keys/:id/roll",
    form.member("manage_integrations", async (c, ctx, body) => {
      const grace = RollForm.parse(body).gracePeriod;
      const rolled = await rollOrganizationKey(c.get("deps"), ctx, c.req.param("id")!, grace);
      const note = grace === 0 ? "The old key stopped working." : `The old key keeps working for ${grace / 3600} hour(s).`;
      const back = { href: base(ctx.actor.organizationId), label: "Back to API keys" };
      return c.html(
        <KeyIssuedPage user={c.get("user")!} csrfToken={c.get("csrfToken")} title="API key rolled" keyName={rolled.next.row.name} secret={rolled.next.secret} note={note} back={back} />,
      );
    }),
  );
}
