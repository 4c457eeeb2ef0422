import { createRoute, z } from "@hono/zod-openapi";
import { idOf } from "../../http/schemas.js";
import { contextOf } from "../../domain/actors.js";
import { errorResponses, idParam, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { addGroupMember, createGroup, deleteGroup, listGroups, removeGroupMember, updateGroup } from "../../services/groups/groups.js";
import { teamSecurity } from "../members/schemas.js";
import { CreateGroupBody, GroupSchema, toGroupJson, UpdateGroupBody } from "./schemas.js";

const tags = ["Groups"];
const security = teamSecurity;
const manageGroups = requireTeamPermission("manage_groups");
const GroupMemberParams = idParam("grp").extend({
  userId: idOf("usr").openapi({ param: { name: "userId", in: "path" } }),
});

const list = createRoute({
  operationId: "listGroups",
  method: "get",
  path: "/v1/team/groups",
  tags,
  summary: "The organization's groups, built-in first",
  description: "Needs any team permission.",
  security,
  middleware: [requireTeamPermission("any")] as const,
  responses: { 200: jsonResponse(z.object({ data: z.array(GroupSchema).max(1000) }).openapi("GroupList"), "Every group"), ...errorResponses(401, 403) },
});

const create = createRoute({
  operationId: "createGroup",
  method: "post",
  path: "/v1/team/groups",
  tags,
  summary: "Create a group granting team permissions",
  description: "Needs `manage_groups`, and every permission the group grants (nothing grants more than its giver holds).",
  security,
  middleware: [manageGroups] as const,
  request: jsonBody(CreateGroupBody),
  responses: { 201: jsonResponse(GroupSchema, "The new group"), ...errorResponses(400, 401, 403, 409) },
});

const update = createRoute({
  operationId: "updateGroup",
  method: "patch",
  path: "/v1/team/groups/{id}",
  tags,
  summary: "Rename a group, describe it or change its permissions (built-in groups too)",
  security,
  middleware: [manageGroups] as const,
  request: { params: idParam("grp"), ...jsonBody(UpdateGroupBody) },
  responses: { 200: jsonResponse(GroupSchema, "The group"), ...errorResponses(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  operationId: "deleteGroup",
  method: "delete",
  path: "/v1/team/groups/{id}",
  tags,
  summary: "Delete a group (built-in groups cannot be deleted: 409 `builtin_group_protected`)",
  security,
  middleware: [manageGroups] as const,
  request: { params: idParam("grp") },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409) },
});

const addMember = createRoute({
  operationId: "addGroupMember",
  method: "put",
  path: "/v1/team/groups/{id}/members/{userId}",
  tags,
  summary: "Put a member in a group (idempotent)",
  security,
  middleware: [manageGroups] as const,
  request: { params: GroupMemberParams },
  responses: { 200: jsonResponse(GroupSchema, "The group"), ...errorResponses(401, 403, 404) },
});

const removeMember = createRoute({
  operationId: "removeGroupMember",
  method: "delete",
  path: "/v1/team/groups/{id}/members/{userId}",
  tags,
  summary: "Take a member out of a group (idempotent)",
  security,
  middleware: [manageGroups] as const,
  request: { params: GroupMemberParams },
  responses: { 200: jsonResponse(GroupSchema, "The group"), ...errorResponses(401, 403, 404) },
});

export function registerGroupRoutes(app: Router) {
  app.openapi(list, async (c) => c.json({ data: (await listGroups(c.get("deps").db, teamOf(c).organizationId)).map(toGroupJson) }, 200));
  app.openapi(create, async (c) => {
    const group = await createGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("json"));
    return c.json(toGroupJson(group), 201);
  });
  app.openapi(update, async (c) => {
    const group = await updateGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("param").id, c.req.valid("json"));
    return c.json(toGroupJson(group), 200);
  });
  app.openapi(remove, async (c) => {
    await deleteGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("param").id);
    return c.body(null, 204);
  });
  app.openapi(addMember, async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(toGroupJson(await addGroupMember(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), id, userId)), 200);
  });
  app.openapi(removeMember, async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(toGroupJson(await removeGroupMember(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), id, userId)), 200);
  });
}
