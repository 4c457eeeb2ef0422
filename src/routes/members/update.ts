import { createRoute, z } from "@hono/zod-openapi";
import { contextOf } from "../../domain/actors.js";
import { errorResponses, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { changeMemberRole } from "../../services/team/member-actions.js";
import { MemberSchema, RoleSchema, teamSecurity, toMemberJson, UserIdParam } from "./schemas.js";

const route = createRoute({
  operationId: "updateMember",
  method: "patch",
  path: "/v1/team/members/{userId}",
  tags: ["Members"],
  summary: "Change a member's role",
  description:
    "Needs `manage_roles`. Only owners act on owners or make owners (403 `owner_required`); the last active owner is never demoted (409 `last_owner`).",
  security: teamSecurity,
  middleware: [requireTeamPermission("manage_roles")] as const,
  request: { params: UserIdParam, ...jsonBody(z.strictObject({ role: RoleSchema }).openapi("UpdateMemberRequest")) },
  responses: { 200: jsonResponse(MemberSchema, "The member with their new role"), ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerUpdateMember(app: Router) {
  app.openapi(route, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    const member = await changeMemberRole(c.get("deps"), ctx, c.req.valid("param").userId, c.req.valid("json").role);
    return c.json(toMemberJson(member), 200);
  });
}
