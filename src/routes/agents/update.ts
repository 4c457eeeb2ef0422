import { createRoute, z } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, idParam, jsonBody, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { updateAgent } from "../../services/agents/agents.js";
import { AgentIdentifier, AgentName, AgentSchema, toAgentView } from "./schemas.js";

const Body = z
  .strictObject({ name: AgentName.optional(), identifier: AgentIdentifier.optional() })
  .refine((b) => b.name !== undefined || b.identifier !== undefined, { message: "give name, identifier or both" })
  .openapi("UpdateAgentRequest");

const route = createRoute({
  operationId: "updateAgent",
  method: "patch",
  path: "/v1/agents/{id}",
  tags: ["Agents"],
  summary: "Rename an agent or change its identifier (the default agent keeps its identifier)",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("agents:write")] as const,
  request: { params: idParam("agt"), ...jsonBody(Body) },
  responses: { 200: jsonResponse(AgentSchema, "The updated agent"), ...errorResponses(400, 401, 403, 404, 409, 413) },
});

export function registerUpdateAgent(app: Router) {
  app.openapi(route, async (c) => {
    const agent = await updateAgent(c.get("deps"), actorContext(c, projectOf(c)), c.req.valid("param").id, c.req.valid("json"));
    return c.json(toAgentView(agent), 200);
  });
}
