import { createRoute, z } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { teamSecurity, errorResponses, idParam, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { regenerateClaimLink } from "../../services/provisions/regenerate-link.js";
import { urlOut } from "../../http/schemas.js";
import { expiresInSchema, ProvisionSchema, viewProvision } from "./schemas.js";

const Body = z
  .strictObject({
    expiresIn: expiresInSchema("A new expiry, in seconds from now; without it the expiry stays"),
  })
  .openapi("RegenerateClaimLinkRequest");

const route = createRoute({
  operationId: "regenerateClaimLink",
  method: "post",
  path: "/v1/team/provisions/{id}/claim-link",
  tags: ["Provisions"],
  summary: "Issue a new claim link; every earlier link stops working",
  security: teamSecurity,
  middleware: [requireTeamPermission("provision")] as const,
  request: { params: idParam("prv"), ...jsonBody(Body, false) },
  responses: {
    200: jsonResponse(
      ProvisionSchema.extend({ claimUrl: urlOut }).openapi("ProvisionWithClaimUrl"),
      "The provision and its new claim link",
    ),
    ...errorResponses(409),
  },
});

export function registerRegenerateClaimLink(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const expiresIn = c.req.valid("json").expiresIn;
    const result = await regenerateClaimLink(deps, actorContext(c, teamOf(c)), c.req.valid("param").id, expiresIn);
    return c.json({ ...(await viewProvision(deps, result.provision)), claimUrl: result.claimUrl }, 200);
  });
}
