import { createRoute, z } from "@hono/zod-openapi";
import { idOf, textInput } from "../../http/schemas.js";
import { CursorOut, errorResponses, jsonResponse, PaginationQuery, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { getMember, listMembers } from "../../services/team/members.js";
import { MembershipStateSchema, MemberSchema, RoleSchema, teamSecurity, toMemberJson, UserIdParam } from "./schemas.js";

const list = createRoute({
  operationId: "listMembers",
  method: "get",
  path: "/v1/team/members",
  tags: ["Members"],
  summary: "List the organization's members, newest first, by state, role, group or a search",
  description: "Needs any team permission (a member without one gets 403 `permission_required`).",
  security: teamSecurity,
  middleware: [requireTeamPermission("any")] as const,
  request: {
    query: PaginationQuery.extend({
      state: MembershipStateSchema.optional(),
      role: RoleSchema.optional(),
      group: idOf("grp").optional().openapi({ description: "A group id: only its members" }),
      q: textInput(200).optional().openapi({ description: "Part of a name or email (any case)" }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ data: z.array(MemberSchema).max(100), nextCursor: CursorOut }).openapi("MemberList"), "A page of members"),
    ...errorResponses(400, 401, 403),
  },
});

const get = createRoute({
  operationId: "getMember",
  method: "get",
  path: "/v1/team/members/{userId}",
  tags: ["Members"],
  summary: "One member",
  security: teamSecurity,
  middleware: [requireTeamPermission("any")] as const,
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(MemberSchema, "The member"), ...errorResponses(401, 403, 404) },
});

export function registerReadMembers(app: Router) {
  app.openapi(list, async (c) => {
    const page = await listMembers(c.get("deps").db, teamOf(c).organizationId, c.req.valid("query"));
    return c.json({ data: page.data.map(toMemberJson), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(get, async (c) => {
    const member = await getMember(c.get("deps").db, teamOf(c).organizationId, c.req.valid("param").userId);
    return c.json(toMemberJson(member), 200);
  });
}
