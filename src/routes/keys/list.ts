import { createRoute, z } from "@hono/zod-openapi";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { CursorOut, errorResponses, jsonResponse, PaginationQuery, projectSecurity, type Router } from "../../http/openapi.js";
import { listKeys } from "../../services/keys/keys.js";
import { ApiKeySchema, toKeyView } from "./schemas.js";

const route = createRoute({
  operationId: "listKeys",
  method: "get",
  path: "/v1/keys",
  tags: ["API keys"],
  summary: "List the project's API keys, newest first (never the secrets)",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("keys:read")] as const,
  request: { query: PaginationQuery },
  responses: {
    200: jsonResponse(z.object({ data: z.array(ApiKeySchema).max(100), nextCursor: CursorOut }).openapi("ApiKeyList"), "A page of keys"),
    ...errorResponses(400, 401, 403),
  },
});

export function registerListKeys(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const page = await listKeys(deps, projectOf(c).projectId, c.req.valid("query"));
    const now = deps.clock.now();
    return c.json({ data: page.data.map((k) => toKeyView(k, now)), nextCursor: page.nextCursor }, 200);
  });
}
