import { createRoute, z } from "@hono/zod-openapi";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, IdempotencyHeader, jsonBody, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { actorContext } from "../../http/actor-context.js";
import { createKey } from "../../services/keys/keys.js";
import { change } from "../../services/unit-of-work.js";
import { ApiKeyWithSecretSchema, ScopeSchema, toKeyView } from "./schemas.js";

const Body = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    agentId: z.string().max(64).optional().openapi({ description: "Bind the key to an agent of this project" }),
    expiresIn: z.number().int().min(60).max(366 * 24 * 3600).optional().openapi({ description: "Seconds until the key expires; none: no expiry" }),
    scopes: z.array(ScopeSchema).max(10).optional().openapi({ description: "Omit for the calling key's own scopes" }),
  })
  .openapi("CreateApiKeyRequest");

const route = createRoute({
  operationId: "createKey",
  method: "post",
  path: "/v1/keys",
  tags: ["API keys"],
  summary: "Create an API key for the project; the full key is in this response only",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("keys:write")] as const,
  request: { headers: IdempotencyHeader, ...jsonBody(Body) },
  responses: { 201: jsonResponse(ApiKeyWithSecretSchema, "The new key"), ...errorResponses(400, 401, 403, 409, 413, 422) },
});

export function registerCreateKey(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const ctx = actorContext(c, projectOf(c));
    const input = c.req.valid("json");
    const idempotency = { key: c.req.valid("header")["idempotency-key"], operation: "keys.create", input };
    const result = await change(deps, ctx, { idempotency }, async (unit) => {
      const issued = await createKey(deps, ctx, input, { within: unit });
      return { status: 201, body: { ...toKeyView(issued.row, deps.clock.now()), key: issued.secret } };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201);
  });
}
