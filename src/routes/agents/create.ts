import { createRoute, z } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, jsonBody, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { createAgent } from "../../services/agents/agents.js";
import { AgentIdentifier, AgentName, AgentSchema, toAgentView } from "./schemas.js";

const Body = z.strictObject({ name: AgentName, identifier: AgentIdentifier }).openapi("CreateAgentRequest");

const route = createRoute({
  operationId: "createAgent",
  method: "post",
  path: "/v1/agents",
  tags: ["Agents"],
  summary: "Create an agent in the project",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("agents:write")] as const,
  request: jsonBody(Body),
  responses: {
    201: jsonResponse(AgentSchema, "The new agent"),
    ...errorResponses(400, 401, 403, 409, 413),
  },
});

export function registerCreateAgent(app: Router) {
  app.openapi(route, async (c) => {
    const agent = await createAgent(c.get("deps"), actorContext(c, projectOf(c)), c.req.valid("json"));
    return c.json(toAgentView(agent), 201);
  });
}
