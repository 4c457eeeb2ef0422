import { createRoute } from "@hono/zod-openapi";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, idParam, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { actorContext } from "../../http/actor-context.js";
import { revokeKey } from "../../services/keys/keys.js";
import { ApiKeySchema, toKeyView } from "./schemas.js";

const route = createRoute({
  operationId: "revokeKey",
  method: "delete",
  path: "/v1/keys/{id}",
  tags: ["API keys"],
  summary: "Revoke an API key; it stops working at once (revoking twice is a no-op)",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("keys:write")] as const,
  request: { params: idParam("key") },
  responses: { 200: jsonResponse(ApiKeySchema, "The revoked key"), ...errorResponses(401, 403, 404) },
});

export function registerRevokeKey(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const key = await revokeKey(deps, actorContext(c, projectOf(c)), c.req.valid("param").id);
    return c.json(toKeyView(key, deps.clock.now()), 200);
  });
}
