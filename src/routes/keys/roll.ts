import { createRoute, z } from "@hono/zod-openapi";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, IdempotencyHeader, idParam, jsonBody, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { actorContext } from "../../http/actor-context.js";
import { MAX_ROLL_GRACE_SECONDS, rollKey } from "../../services/keys/keys.js";
import { change } from "../../services/unit-of-work.js";
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
  request: { params: idParam("key"), headers: IdempotencyHeader, ...jsonBody(Body, false) },
  responses: {
    200: jsonResponse(
      ApiKeyWithSecretSchema.extend({ previous: ApiKeySchema }).openapi("RolledApiKey"),
      "The new key (full secret, shown once) and the old key's record",
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export function registerRollKey(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const ctx = actorContext(c, projectOf(c));
    const id = c.req.valid("param").id;
    const grace = c.req.valid("json").gracePeriod ?? 0;
    // A roll whose answer was lost must not lose the new key: the retry replays it.
    const idempotency = { key: c.req.valid("header")["idempotency-key"], operation: `keys.roll:${id}`, input: { gracePeriod: grace } };
    const result = await change(deps, ctx, { idempotency }, async (unit) => {
      const rolled = await rollKey(deps, ctx, id, grace, { within: unit });
      const now = deps.clock.now();
      return { status: 200, body: { ...toKeyView(rolled.next.row, now), key: rolled.next.secret, previous: toKeyView(rolled.old, now) } };
    });
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 200);
  });
}
