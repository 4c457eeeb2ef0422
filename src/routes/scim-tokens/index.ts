import { createRoute, z } from "@hono/zod-openapi";
import { contextOf } from "../../domain/actors.js";
import { anyId, opaque, textInput, text, timestamp } from "../../http/schemas.js";
import { errorResponses, idParam, jsonBody, jsonResponse, teamSecurity, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { createScimToken, listScimTokens, MAX_SCIM_TOKENS, revokeScimToken, type ScimTokenView } from "../../services/scim/tokens.js";

const tags = ["SCIM tokens"];
const manageIntegrations = requireTeamPermission("manage_integrations");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const ScimTokenSchema = z
  .object({
    id: anyId.openapi({ example: "sct_V1StGXR8Z5jdHi6BmyT2a" }),
    name: text(100),
    displayPrefix: text(20).openapi({ description: "The token's first characters, to recognise it" }),
    createdBy: z.object({ type: text(40), id: anyId.nullable() }),
    createdAt: timestamp(),
    lastUsedAt: timestamp("Within a minute of the last call the token authorized").nullable(),
    revokedAt: timestamp().nullable(),
  })
  .openapi("ScimToken");

function toJson(v: ScimTokenView) {
  return { ...v, createdAt: v.createdAt.toISOString(), lastUsedAt: iso(v.lastUsedAt), revokedAt: iso(v.revokedAt) };
}

const list = createRoute({
  operationId: "listScimTokens",
  method: "get",
  path: "/v1/team/scim-tokens",
  tags,
  summary: "The organization's SCIM tokens (never the secrets), newest first, with when each was last used",
  description: "Needs `manage_integrations`.",
  security: teamSecurity,
  middleware: [manageIntegrations] as const,
  responses: {
    200: jsonResponse(z.object({ data: z.array(ScimTokenSchema).max(MAX_SCIM_TOKENS) }).openapi("ScimTokenList"), "The tokens"),
    ...errorResponses(401, 403),
  },
});

const create = createRoute({
  operationId: "createScimToken",
  method: "post",
  path: "/v1/team/scim-tokens",
  tags,
  summary: "Create a SCIM bearer token for an identity provider (shown once)",
  description:
    "The token authorizes `/scim/v2` for this organization with an organization credential's standing, so only owners (or the admin key) create one (403 `owner_required`). Needs `manage_integrations`. Only its hash is stored.",
  security: teamSecurity,
  middleware: [manageIntegrations] as const,
  request: jsonBody(z.strictObject({ name: textInput(100).openapi({ description: "What the token is for, e.g. “Entra ID”" }) }).openapi("CreateScimTokenRequest")),
  responses: {
    201: jsonResponse(
      ScimTokenSchema.extend({ token: opaque(200, "The bearer token: shown this once, stored only as a hash") }).openapi("CreatedScimToken"),
      "The new token, with its secret",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const revoke = createRoute({
  operationId: "revokeScimToken",
  method: "delete",
  path: "/v1/team/scim-tokens/{id}",
  tags,
  summary: "Revoke a SCIM token: the identity provider's next call is refused",
  description: "Owners (or the admin key), with `manage_integrations`. A revoked token: 409 `scim_token_revoked`.",
  security: teamSecurity,
  middleware: [manageIntegrations] as const,
  request: { params: idParam("sct") },
  responses: { 200: jsonResponse(ScimTokenSchema, "The revoked token"), ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerScimTokenRoutes(app: Router) {
  app.openapi(list, async (c) => {
    const team = teamOf(c);
    return c.json({ data: (await listScimTokens(c.get("deps").db, team.organizationId)).map(toJson) }, 200);
  });
  app.openapi(create, async (c) => {
    const { token, view } = await createScimToken(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("json"));
    return c.json({ ...toJson(view), token }, 201);
  });
  app.openapi(revoke, async (c) => {
    const view = await revokeScimToken(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("param").id);
    return c.json(toJson(view), 200);
  });
}
