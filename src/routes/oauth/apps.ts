import { createRoute, z } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { CursorOut, errorResponses, IdempotencyHeader, idParam, jsonBody, jsonResponse, PaginationQuery, teamSecurity, type Router } from "../../http/openapi.js";
import { idOf, opaque, text, textInput, timestamp } from "../../http/schemas.js";
import { createClient, deleteClient, listClients, setClientDisabled, type OAuthClient } from "../../services/oauth/clients.js";
import { change } from "../../services/unit-of-work.js";
import { TeamScopeSchema, TeamScopesOut } from "../organization-keys/schemas.js";

const tags = ["OAuth apps"];
const security = teamSecurity;
const manage = requireTeamPermission("manage_integrations");
const NEEDS = "Needs `manage_integrations` (scope `integrations:write`).";

export const OAuthAppSchema = z
  .object({
    id: idOf("oac"),
    clientId: idOf("oac").openapi({ description: "The client_id for HTTP Basic at the token endpoint (the app's id)" }),
    name: text(200),
    scopes: TeamScopesOut,
    status: z.enum(["active", "disabled"]),
    secretPrefix: opaque(32, "The first characters of the client secret, to recognise it"),
    createdByUserId: idOf("usr").nullable(),
    lastUsedAt: timestamp("When the client last obtained a token").nullable(),
    createdAt: timestamp(),
  })
  .openapi("OAuthApp");

const OAuthAppWithSecret = OAuthAppSchema.extend({ clientSecret: opaque(200, "The client secret, shown this once") }).openapi("OAuthAppWithSecret");

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function toAppView(a: OAuthClient): z.infer<typeof OAuthAppSchema> {
  return {
    id: a.id,
    clientId: a.id,
    name: a.name,
    scopes: a.scopes,
    status: a.disabled_at ? "disabled" : "active",
    secretPrefix: a.secret_prefix,
    createdByUserId: a.created_by_user_id,
    lastUsedAt: iso(a.last_used_at),
    createdAt: a.created_at.toISOString(),
  };
}

const CreateBody = z
  .strictObject({
    name: textInput(200),
    scopes: z.array(TeamScopeSchema).min(1).max(20).openapi({ description: "What the app's tokens may do; each must be held by the caller" }),
  })
  .openapi("CreateOAuthAppRequest");

const list = createRoute({
  operationId: "listOAuthApps",
  method: "get",
  path: "/v1/team/oauth-apps",
  tags,
  summary: "The organization's OAuth apps (client credentials), newest first",
  description: NEEDS,
  security,
  middleware: [manage] as const,
  request: { query: PaginationQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(OAuthAppSchema).max(100), nextCursor: CursorOut }).openapi("OAuthAppList"), "A page of apps"), ...errorResponses(400, 401, 403) },
});

const create = createRoute({
  operationId: "createOAuthApp",
  method: "post",
  path: "/v1/team/oauth-apps",
  tags,
  summary: "Create an OAuth app; the client secret is in this response only",
  description: `${NEEDS} Its tokens act within its scopes and what its creator still holds.`,
  security,
  middleware: [manage] as const,
  request: { headers: IdempotencyHeader, ...jsonBody(CreateBody) },
  responses: { 201: jsonResponse(OAuthAppWithSecret, "The new app with its secret"), ...errorResponses(400, 401, 403, 409, 422) },
});

const toggle = (enable: boolean) =>
  createRoute({
    operationId: enable ? "enableOAuthApp" : "disableOAuthApp",
    method: "post",
    path: `/v1/team/oauth-apps/{id}/${enable ? "enable" : "disable"}`,
    tags,
    summary: enable ? "Enable a disabled OAuth app (tokens revoked meanwhile stay revoked)" : "Disable an OAuth app: its tokens stop at once and no new ones are issued",
    description: `${NEEDS} Idempotent.`,
    security,
    middleware: [manage] as const,
    request: { params: idParam("oac") },
    responses: { 200: jsonResponse(OAuthAppSchema, "The app"), ...errorResponses(400, 401, 403, 404) },
  });

const remove = createRoute({
  operationId: "deleteOAuthApp",
  method: "delete",
  path: "/v1/team/oauth-apps/{id}",
  tags,
  summary: "Delete an OAuth app with its tokens",
  description: NEEDS,
  security,
  middleware: [manage] as const,
  request: { params: idParam("oac") },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

export function registerOAuthAppRoutes(app: Router) {
  app.openapi(list, async (c) => {
    const page = await listClients(c.get("deps"), teamOf(c).organizationId, c.req.valid("query"));
    return c.json({ data: page.data.map(toAppView), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(create, async (c) => {
    const deps = c.get("deps");
    const ctx = actorContext(c, teamOf(c));
    const input = c.req.valid("json");
    const idempotency = { key: c.req.valid("header")["idempotency-key"], operation: "oauth-apps.create", input };
    const result = await change(deps, ctx, { idempotency }, async (unit) => {
      const created = await createClient(deps, ctx, input, { within: unit });
      return { status: 201, body: { ...toAppView(created.client), clientSecret: created.secret } };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201);
  });
  for (const enable of [false, true]) {
    app.openapi(toggle(enable), async (c) => {
      const updated = await setClientDisabled(c.get("deps"), actorContext(c, teamOf(c)), c.req.valid("param").id, !enable);
      return c.json(toAppView(updated), 200);
    });
  }
  app.openapi(remove, async (c) => {
    await deleteClient(c.get("deps"), actorContext(c, teamOf(c)), c.req.valid("param").id);
    return c.body(null, 204);
  });
}
