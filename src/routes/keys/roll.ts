import { createRoute, z } from "@hono/zod-openapi";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, idParam, jsonBody, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { MAX_ROLL_GRACE_SECONDS, rollKey } from "../../services/keys/keys.js";
import { ApiKeySchema, ApiKeyWithSecretSchema, toKeyView } from "./schemas.js";

const Body = z
  .strictObject({
    gracePeriod: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROLL_GRACE_SECONDS)
      .default(0)
      .openapi({ description: "Seconds the old key keeps working (0–86400, default 0: it stops now)" }),
  })
  .openapi("RollApiKeyRequest");

const route = createRoute({
  operationId: "rollKey",
  method: "post",
  path: "/v1/keys/{id}/roll",
  tags: ["API keys"],
  summary: "Replace a key with a new one; the old one works only for the grace period",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("keys:write")] as const,
  request: { params: idParam("key"), ...jsonBody(Body, false) },
  responses: {
    200: jsonResponse(
      ApiKeyWithSecretSchema.extend({ previous: ApiKeySchema }).openapi("RolledApiKey"),
      "The new key (full secret, shown once) and the old key's record",
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerRollKey(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const grace = c.req.valid("json").gracePeriod ?? 0;
    const result = await rollKey(deps, projectOf(c), c.req.valid("param").id, grace, c.get("requestId"));
    const now = deps.clock.now();
    return c.json({ ...toKeyView(result.next.row, now), key: result.next.secret, previous: toKeyView(result.old, now) }, 200);
  });
}
