import { createRoute } from "@hono/zod-openapi";
import { DomainError } from "../../domain/errors.js";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { errorResponses, idParam, jsonResponse, projectSecurity, type Router } from "../../http/openapi.js";
import { findAgent, findDefaultAgent } from "../../services/agents/agents.js";
import { AgentSchema, toAgentView } from "./schemas.js";

const getDefault = createRoute({
  operationId: "getDefaultAgent",
  method: "get",
  path: "/v1/agents/default",
  tags: ["Agents"],
  summary: "Get the project's default agent",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("agents:read")] as const,
  responses: { 200: jsonResponse(AgentSchema, "The default agent"), ...errorResponses(401, 403, 404) },
});

const getOne = createRoute({
  operationId: "getAgent",
  method: "get",
  path: "/v1/agents/{id}",
  tags: ["Agents"],
  summary: "Get one agent",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("agents:read")] as const,
  request: { params: idParam("agt") },
  responses: { 200: jsonResponse(AgentSchema, "The agent"), ...errorResponses(401, 403, 404) },
});

/** Registered before /v1/agents/{id}, so "default" is never read as an id. */
export function registerGetAgent(app: Router) {
  app.openapi(getDefault, async (c) => {
    const agent = await findDefaultAgent(c.get("deps").db, projectOf(c).projectId);
    if (!agent) throw new DomainError("not_found", "This project has no default agent.");
    return c.json(toAgentView(agent), 200);
  });
  app.openapi(getOne, async (c) => {
    const agent = await findAgent(c.get("deps").db, projectOf(c).projectId, c.req.valid("param").id);
    return c.json(toAgentView(agent), 200);
  });
}
