import { createRoute } from "@hono/zod-openapi";
import { contextOf } from "../../domain/actors.js";
import { errorResponses, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { unlinkScimMember } from "../../services/scim/managed.js";
import { MemberSchema, teamSecurity, toMemberJson, UserIdParam } from "./schemas.js";

const route = createRoute({
  operationId: "unlinkScimMember",
  method: "delete",
  path: "/v1/team/members/{userId}/scim",
  tags: ["Members"],
  summary: "Unlink a member from SCIM: the dashboard and team API may change their state again",
  description:
    "Owners (or the admin key), with `manage_integrations`. Idempotent: a member SCIM does not manage is returned unchanged. The identity provider links them again when it next writes to them.",
  security: teamSecurity,
  middleware: [requireTeamPermission("manage_integrations")] as const,
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(MemberSchema, "The member, no longer managed by SCIM"), ...errorResponses(400, 401, 403, 404) },
});

export function registerScimLink(app: Router) {
  app.openapi(route, async (c) => {
    const member = await unlinkScimMember(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("param").userId);
    return c.json(toMemberJson(member), 200);
  });
}
