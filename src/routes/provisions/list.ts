import { createRoute, z } from "@hono/zod-openapi";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { teamSecurity, CursorOut, errorResponses, jsonResponse, PaginationQuery, type Router } from "../../http/openapi.js";
import { listProvisions } from "../../services/provisions/list.js";
import { ProvisionSchema, ProvisionStatusSchema, viewProvisions } from "./schemas.js";

const route = createRoute({
  operationId: "listProvisions",
  method: "get",
  path: "/v1/team/provisions",
  tags: ["Provisions"],
  summary: "List the organization's provisions, newest first",
  security: teamSecurity,
  middleware: [requireTeamPermission("provision")] as const,
  request: { query: PaginationQuery.extend({ status: ProvisionStatusSchema.optional() }) },
  responses: {
    200: jsonResponse(
      z.object({ data: z.array(ProvisionSchema).max(100), nextCursor: CursorOut }).openapi("ProvisionList"),
      "A page of provisions (never a secret)",
    ),
    ...errorResponses(400, 401, 403),
  },
});

export function registerListProvisions(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const { status, limit, cursor } = c.req.valid("query");
    const page = await listProvisions(deps, { organizationId: teamOf(c).organizationId, status, limit, cursor });
    return c.json({ data: await viewProvisions(deps, page.data), nextCursor: page.nextCursor }, 200);
  });
}
