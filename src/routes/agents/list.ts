import { createRoute, z } from "@hono/zod-openapi";
import { projectOf, requireProjectKey, requireScope } from "../../http/auth.js";
import { CursorOut, errorResponses, jsonResponse, PaginationQuery, projectSecurity, type Router } from "../../http/openapi.js";
import { listAgents } from "../../services/agents/agents.js";
import { AgentSchema, toAgentView } from "./schemas.js";

const route = createRoute({
  operationId: "listAgents",
  method: "get",
  path: "/v1/agents",
  tags: ["Agents"],
  summary: "List the project's agents, newest first",
  security: projectSecurity,
  middleware: [requireProjectKey, requireScope("agents:read")] as const,
  request: { query: PaginationQuery },
  responses: {
    200: jsonResponse(z.object({ data: z.array(AgentSchema).max(100), nextCursor: CursorOut }).openapi("AgentList"), "A page of agents"),
    ...errorResponses(400, 401, 403),
  },
});

export function registerListAgents(app: Router) {
  app.openapi(route, async (c) => {
    const page = await listAgents(c.get("deps"), projectOf(c).projectId, c.req.valid("query"));
    return c.json({ data: page.data.map(toAgentView), nextCursor: page.nextCursor }, 200);
  });
}
