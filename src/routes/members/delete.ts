import { createRoute, z } from "@hono/zod-openapi";
import { idOf } from "../../http/schemas.js";
import { contextOf } from "../../domain/actors.js";
import { errorResponses, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { deleteMember } from "../../services/team/member-actions.js";
import { teamSecurity, UserIdParam } from "./schemas.js";

const route = createRoute({
  operationId: "deleteMember",
  method: "delete",
  path: "/v1/team/members/{userId}",
  tags: ["Members"],
  summary: "Delete a suspended member from this organization; their projects move to another member or are deleted",
  description:
    "Only a suspended member (409 `member_not_suspended`). Needs `delete` (kept for owners when the policy says so). Their projects in this organization, with agents and keys, go to `transferProjectsTo` (an active member) or are deleted; a placeholder account is deleted with its pending provision. Nothing outside this organization changes.",
  security: teamSecurity,
  middleware: [requireTeamPermission("delete")] as const,
  request: {
    params: UserIdParam,
    query: z.object({
      transferProjectsTo: idOf("usr").optional().openapi({ description: "The user id of an active member who receives the projects" }),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({ userId: idOf("usr"), projectsTransferred: z.array(idOf("prj")).max(100_000), projectsDeleted: z.array(idOf("prj")).max(100_000) })
        .openapi("MemberDeleted"),
      "Deleted",
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerDeleteMember(app: Router) {
  app.openapi(route, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    const result = await deleteMember(c.get("deps"), ctx, c.req.valid("param").userId, c.req.valid("query"));
    return c.json(result, 200);
  });
}
