import { createRoute, z } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import {
  CursorOut,
  errorResponses,
  IdempotencyHeader,
  idParam,
  jsonBody,
  jsonResponse,
  PaginationQuery,
  teamSecurity,
  type Router,
} from "../../http/openapi.js";
import { int32, textInput } from "../../http/schemas.js";
import { MAX_ROLL_GRACE_SECONDS } from "../../services/keys/keys.js";
import {
  createOrganizationKey,
  listOrganizationKeys,
  revokeOrganizationKey,
  rollOrganizationKey,
} from "../../services/organization-keys/organization-keys.js";
import { change } from "../../services/unit-of-work.js";
import { OrganizationKeySchema, OrganizationKeyWithSecretSchema, TeamScopeSchema, toOrganizationKeyView } from "./schemas.js";

const tags = ["Organization API keys"];
const security = teamSecurity;
const manage = requireTeamPermission("manage_integrations");
const NEEDS = "Needs `manage_integrations` (scope `integrations:write`).";

const CreateBody = z
  .strictObject({
    name: textInput(200),
    scopes: z.array(TeamScopeSchema).min(1).max(20).openapi({ description: "What the key may do; each must be held by the caller" }),
    expiresIn: int32(60, 366 * 24 * 3600).optional().openapi({ description: "Seconds until the key expires; none: no expiry" }),
  })
  .openapi("CreateOrganizationApiKeyRequest");

const RollBody = z
  .strictObject({
    gracePeriod: int32(0, MAX_ROLL_GRACE_SECONDS)
      .default(0)
      .openapi({ description: "Seconds the old key keeps working (0–86400, default 0: it stops now)" }),
  })
  .openapi("RollOrganizationApiKeyRequest");

const list = createRoute({
  operationId: "listOrganizationKeys",
  method: "get",
  path: "/v1/team/api-keys",
  tags,
  summary: "The organization's API keys, newest first (never the secrets)",
  description: NEEDS,
  security,
  middleware: [manage] as const,
  request: { query: PaginationQuery },
  responses: {
    200: jsonResponse(
      z.object({ data: z.array(OrganizationKeySchema).max(100), nextCursor: CursorOut }).openapi("OrganizationApiKeyList"),
      "A page of keys",
    ),
    ...errorResponses(400, 401, 403),
  },
});

const create = createRoute({
  operationId: "createOrganizationKey",
  method: "post",
  path: "/v1/team/api-keys",
  tags,
  summary: "Create an organization API key with scopes; the full key is in this response only",
  description: `${NEEDS} A key acts only within its scopes and what its creator still holds; a key created by a key never outlives it.`,
  security,
  middleware: [manage] as const,
  request: { headers: IdempotencyHeader, ...jsonBody(CreateBody) },
  responses: { 201: jsonResponse(OrganizationKeyWithSecretSchema, "The new key"), ...errorResponses(400, 401, 403, 409, 422) },
});

const revoke = createRoute({
  operationId: "revokeOrganizationKey",
  method: "delete",
  path: "/v1/team/api-keys/{id}",
  tags,
  summary: "Revoke an organization API key (the bootstrap key too); it stops working at once",
  description: `${NEEDS} Revoking twice is a no-op. A caller cannot revoke a key holding scopes it could not grant, except itself.`,
  security,
  middleware: [manage] as const,
  request: { params: idParam("key") },
  responses: { 200: jsonResponse(OrganizationKeySchema, "The revoked key"), ...errorResponses(400, 401, 403, 404) },
});

const roll = createRoute({
  operationId: "rollOrganizationKey",
  method: "post",
  path: "/v1/team/api-keys/{id}/roll",
  tags,
  summary: "Replace an organization API key with a new one; the old one works only for the grace period",
  description: `${NEEDS} A key is rolled once (409 \`key_revoked\` after).`,
  security,
  middleware: [manage] as const,
  request: { params: idParam("key"), headers: IdempotencyHeader, ...jsonBody(RollBody, false) },
  responses: {
    200: jsonResponse(
      OrganizationKeyWithSecretSchema.extend({ previous: OrganizationKeySchema }).openapi("RolledOrganizationApiKey"),
      "The new key (full secret, shown once) and the old key's record",
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export function registerOrganizationKeyRoutes(app: Router) {
  app.openapi(list, async (c) => {
    const deps = c.get("deps");
    const page = await listOrganizationKeys(deps, teamOf(c).organizationId, c.req.valid("query"));
    const now = deps.clock.now();
    return c.json({ data: page.data.map((k) => toOrganizationKeyView(k, now)), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(create, async (c) => {
    const deps = c.get("deps");
    const ctx = actorContext(c, teamOf(c));
    const input = c.req.valid("json");
    const idempotency = { key: c.req.valid("header")["idempotency-key"], operation: "organization-keys.create", input };
    const result = await change(deps, ctx, { idempotency }, async (unit) => {
      const issued = await createOrganizationKey(deps, ctx, input, { within: unit });
      return { status: 201, body: { ...toOrganizationKeyView(issued.row, unit.now), key: issued.secret } };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201);
  });

  app.openapi(revoke, async (c) => {
    const deps = c.get("deps");
    const key = await revokeOrganizationKey(deps, actorContext(c, teamOf(c)), c.req.valid("param").id);
    return c.json(toOrganizationKeyView(key, deps.clock.now()), 200);
  });

  app.openapi(roll, async (c) => {
    const deps = c.get("deps");
    const ctx = actorContext(c, teamOf(c));
    const id = c.req.valid("param").id;
    const grace = c.req.valid("json")?.gracePeriod ?? 0;
    const idempotency = { key: c.req.valid("header")["idempotency-key"], operation: `organization-keys.roll:${id}`, input: { gracePeriod: grace } };
    const result = await change(deps, ctx, { idempotency }, async (unit) => {
      const rolled = await rollOrganizationKey(deps, ctx, id, grace, { within: unit });
      const body = { ...toOrganizationKeyView(rolled.next.row, unit.now), key: rolled.next.secret, previous: toOrganizationKeyView(rolled.old, unit.now) };
      return { status: 200, body };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 200);
  });
}
