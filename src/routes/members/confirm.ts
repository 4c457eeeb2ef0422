import { createRoute, z } from "@hono/zod-openapi";
import { idOf, text } from "../../http/schemas.js";
import { contextOf } from "../../domain/actors.js";
import { errorResponses, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { confirmMember, confirmMembers } from "../../services/team/member-actions.js";
import { MemberSchema, teamSecurity, toMemberJson, UserIdParam } from "./schemas.js";

const one = createRoute({
  operationId: "confirmMember",
  method: "post",
  path: "/v1/team/members/{userId}/confirm",
  tags: ["Members"],
  summary: "Confirm a member awaiting confirmation (an active member: no change)",
  security: teamSecurity,
  middleware: [requireTeamPermission("confirm")] as const,
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(MemberSchema, "The member"), ...errorResponses(401, 403, 404, 409) },
});

const ConfirmManyBody = z
  .union([
    z.strictObject({ userIds: z.array(idOf("usr")).min(1).max(500) }),
    z.strictObject({ all: z.literal(true) }),
  ])
  .openapi("ConfirmMembersRequest", { description: "Either `userIds` (up to 500) or `all: true` (everyone awaiting confirmation)" });

const ConfirmResultSchema = z
  .object({
    userId: idOf("usr"),
    outcome: z.enum(["confirmed", "unchanged", "refused"]),
    code: z.string().max(64).regex(/^[a-z_]+$/).optional().openapi({ description: "Why it was refused (a problem code)" }),
    detail: text(2000).optional(),
  })
  .openapi("ConfirmResult");

const many = createRoute({
  operationId: "confirmMembers",
  method: "post",
  path: "/v1/team/members/confirm",
  tags: ["Members"],
  summary: "Confirm many members, or all awaiting confirmation: one result per person",
  security: teamSecurity,
  middleware: [requireTeamPermission("confirm")] as const,
  request: jsonBody(ConfirmManyBody),
  responses: {
    200: jsonResponse(
      z.object({ data: z.array(ConfirmResultSchema).max(500), remaining: z.boolean().openapi({ description: "`all`: more await confirmation; call again" }) }).openapi("ConfirmMembersResult"),
      "One result per person",
    ),
    ...errorResponses(400, 401, 403),
  },
});

export function registerConfirmMembers(app: Router) {
  // The literal path first, so `confirm` is never read as a user id.
  app.openapi(many, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    const { results, remaining } = await confirmMembers(c.get("deps"), ctx, c.req.valid("json"));
    return c.json({ data: results, remaining }, 200);
  });
  app.openapi(one, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    return c.json(toMemberJson(await confirmMember(c.get("deps"), ctx, c.req.valid("param").userId)), 200);
  });
}
