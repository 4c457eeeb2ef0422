import { createRoute } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { teamSecurity, errorResponses, idParam, jsonResponse, type Router } from "../../http/openapi.js";
import { cancelProvision } from "../../services/provisions/cancel.js";
import { ProvisionSchema, viewProvision } from "./schemas.js";

const route = createRoute({
  operationId: "cancelProvision",
  method: "delete",
  path: "/v1/team/provisions/{id}",
  tags: ["Provisions"],
  summary: "Cancel a pending provision: its key stops working and what it created is deleted",
  description: "Cancelling a cancelled provision is a no-op that returns it; a claimed or expired one is a 409.",
  security: teamSecurity,
  middleware: [requireTeamPermission("provision")] as const,
  request: { params: idParam("prv") },
  responses: {
    200: jsonResponse(ProvisionSchema, "The cancelled provision record"),
    ...errorResponses(409),
  },
});

export function registerCancelProvision(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const provision = await cancelProvision(deps, actorContext(c, teamOf(c)), c.req.valid("param").id);
    return c.json(await viewProvision(deps, provision), 200);
  });
}
