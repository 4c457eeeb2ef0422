import { createRoute } from "@hono/zod-openapi";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { teamSecurity, errorResponses, idParam, jsonResponse, type Router } from "../../http/openapi.js";
import { findProvision } from "../../services/provisions/find.js";
import { ProvisionSchema, viewProvision } from "./schemas.js";

const route = createRoute({
  operationId: "getProvision",
  method: "get",
  path: "/v1/team/provisions/{id}",
  tags: ["Provisions"],
  summary: "Get one provision",
  security: teamSecurity,
  middleware: [requireTeamPermission("provision")] as const,
  request: { params: idParam("prv") },
  responses: {
    200: jsonResponse(ProvisionSchema, "The provision"),
    ...errorResponses(401, 403, 404),
  },
});

export function registerGetProvision(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const provision = await findProvision(deps.db, teamOf(c).organizationId, c.req.valid("param").id);
    return c.json(await viewProvision(deps, provision), 200);
  });
}
