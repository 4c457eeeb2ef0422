import { createRoute } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, idParam, projectSecurity, type Router } from "../../http/openapi.js";
import { deleteAgent } from "../../services/agents/agents.js";

const route = createRoute({
  operationId: "deleteAgent",
  method: "delete",
  path: "/v1/agents/{id}",
  tags: ["Agents"],
  summary: "Delete an agent and revoke the keys bound to it (not the default agent)",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("agents:write")] as const,
  request: { params: idParam("agt") },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409) },
});

export function registerDeleteAgent(app: Router) {
  app.openapi(route, async (c) => {
    await deleteAgent(c.get("deps"), actorContext(c, projectOf(c)), c.req.valid("param").id);
    return c.body(null, 204);
  });
}
