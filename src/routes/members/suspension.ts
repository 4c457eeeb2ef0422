import { createRoute, z } from "@hono/zod-openapi";
import { int32 } from "../../http/schemas.js";
import { contextOf } from "../../domain/actors.js";
import { DEAUTHORIZE_AFTER } from "../../domain/membership-states.js";
import { errorResponses, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { reactivateMember, suspendMember } from "../../services/team/member-actions.js";
import { MemberSchema, teamSecurity, toMemberJson, UserIdParam } from "./schemas.js";

const suspend = createRoute({
  operationId: "suspendMember",
  method: "post",
  path: "/v1/team/members/{userId}/suspend",
  tags: ["Members"],
  summary: "Suspend a member: at once they cannot act; at deauthorizeAt their sessions end and their projects' keys are refused",
  description:
    "Idempotent: suspending a suspended member returns it unchanged (the first deadline stands). Needs `suspend`. Nobody suspends themselves (403 `cannot_act_on_self`) or the last active owner (409 `last_owner`).",
  security: teamSecurity,
  middleware: [requireTeamPermission("suspend")] as const,
  request: {
    params: UserIdParam,
    ...jsonBody(
      z
        .strictObject({
          deauthorizeAfter: int32(DEAUTHORIZE_AFTER.min, DEAUTHORIZE_AFTER.max)
            .optional()
            .openapi({ description: "Seconds until sessions and keys stop (0–86400, default 0: at once)" }),
        })
        .openapi("SuspendMemberRequest"),
      false,
    ),
  },
  responses: { 200: jsonResponse(MemberSchema, "The suspended member"), ...errorResponses(400, 401, 403, 404, 409) },
});

const reactivate = createRoute({
  operationId: "reactivateMember",
  method: "post",
  path: "/v1/team/members/{userId}/reactivate",
  tags: ["Members"],
  summary: "Reactivate a suspended member: everything works again (keys revoked meanwhile stay revoked)",
  description: "Idempotent. Needs `suspend`.",
  security: teamSecurity,
  middleware: [requireTeamPermission("suspend")] as const,
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(MemberSchema, "The member"), ...errorResponses(401, 403, 404, 409) },
});

export function registerSuspension(app: Router) {
  app.openapi(suspend, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    const body = c.req.valid("json") ?? {};
    return c.json(toMemberJson(await suspendMember(c.get("deps"), ctx, c.req.valid("param").userId, body)), 200);
  });
  app.openapi(reactivate, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    return c.json(toMemberJson(await reactivateMember(c.get("deps"), ctx, c.req.valid("param").userId)), 200);
  });
}
