import { createRoute, z } from "@hono/zod-openapi";
import { idOf, text, timestamp, urlOut } from "../../http/schemas.js";
import { contextOf } from "../../domain/actors.js";
import { RECOVERY_BATCH } from "../../domain/recovery-rules.js";
import { errorResponses, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { beginRecovery, cancelRecovery, completeRecovery, type RecoveryResult } from "../../services/team/recovery.js";
import { MemberSchema, teamSecurity, toMemberJson, UserIdParam } from "./schemas.js";

const BeginRecoveryBody = z
  .strictObject({
    userIds: z
      .array(idOf("usr"))
      .min(RECOVERY_BATCH.min)
      .max(RECOVERY_BATCH.max)
      .refine((ids) => new Set(ids).size === ids.length, "must not name the same person twice")
      .openapi({ description: `The people to recover: ${RECOVERY_BATCH.min}–${RECOVERY_BATCH.max} distinct user ids` }),
  })
  .openapi("BeginRecoveryRequest");

const RecoveryStartedSchema = z
  .object({
    userId: idOf("usr"),
    state: z.literal("recovery_started"),
    expiresAt: timestamp("When the recovery link stops working"),
    mailed: z.boolean().openapi({ description: "The link was queued for mail to the person's address (then it is not returned)" }),
    recoveryUrl: urlOut.nullable().openapi({ description: "Only when this server sends no mail: hand the link to the person yourself. Single-use." }),
  })
  .openapi("RecoveryStarted");

const RecoveryRefusedSchema = z
  .object({
    userId: idOf("usr"),
    error: z.object({
      code: z.string().max(64).regex(/^[a-z_]+$/).openapi({ description: "A problem code: `not_found`, `recovery_not_allowed`, `member_not_active`, `cannot_act_on_self`" }),
      detail: text(2000),
    }),
  })
  .openapi("RecoveryRefused");

const begin = createRoute({
  operationId: "beginRecovery",
  method: "post",
  path: "/v1/team/recovery",
  tags: ["Members"],
  summary: "Start account recovery for 1–10 people: one result per person",
  description: [
    "Each started person's state becomes `recovery_started`: their password stops working and their sessions end; a single-use recovery link",
    "(24 hours by default, `RECOVERY_LINK_TTL_HOURS`) is mailed to them, or returned as `recoveryUrl` when the server sends no mail.",
    "Following it they set a new password and two-step login is reset (`recovery_accepted`); then someone with `recover` completes the recovery.",
    "Their projects, agents and keys are untouched and keep working. Starting again for someone in `recovery_started` sends a new link and the old one stops working.",
    "A refusal for one person does not stop the others: 404 `not_found` (not a member), 409 `recovery_not_allowed` (they also belong to another organization,",
    "or they are an owner and the caller is not), 409 `member_not_active`, 403 `cannot_act_on_self`. Needs `recover` (scope `members:write`).",
  ].join(" "),
  security: teamSecurity,
  middleware: [requireTeamPermission("recover")] as const,
  request: jsonBody(BeginRecoveryBody),
  responses: {
    200: jsonResponse(
      z.object({ results: z.array(z.union([RecoveryStartedSchema, RecoveryRefusedSchema])).max(RECOVERY_BATCH.max) }).openapi("BeginRecoveryResult"),
      "One result per person, in the order given",
    ),
    ...errorResponses(400, 401, 403),
  },
});

/** Complete and cancel: the same shape, one route each. */
function endRoute(action: "complete" | "cancel", summary: string, description: string) {
  return createRoute({
    operationId: `${action}Recovery`,
    method: "post",
    path: `/v1/team/members/{userId}/recovery/${action}`,
    tags: ["Members"],
    summary,
    description,
    security: teamSecurity,
    middleware: [requireTeamPermission("recover")] as const,
    request: { params: UserIdParam },
    responses: { 200: jsonResponse(MemberSchema, "The member, active again"), ...errorResponses(401, 403, 404, 409) },
  });
}

const ends = [
  {
    route: endRoute(
      "complete",
      "Complete an accepted account recovery: the member is active and can log in with their new password",
      "Needs `recover`. 409 `recovery_not_accepted` while the person has not set a new password, 409 `member_not_in_recovery` outside recovery (so of concurrent completes exactly one succeeds).",
    ),
    act: completeRecovery,
  },
  {
    route: endRoute(
      "cancel",
      "Cancel an account recovery: the member is active again and the open recovery link stops working",
      "Needs `recover`. Before the person set a new password, their old password works again; after, the new one stays and two-step login stays off until they turn it on. 409 `member_not_in_recovery` outside recovery.",
    ),
    act: cancelRecovery,
  },
];

function toResultJson(r: RecoveryResult) {
  return "error" in r ? r : { ...r, expiresAt: r.expiresAt.toISOString() };
}

export function registerRecovery(app: Router) {
  app.openapi(begin, async (c) => {
    const ctx = contextOf(teamOf(c), c.get("requestId"));
    const results = await beginRecovery(c.get("deps"), ctx, c.req.valid("json").userIds);
    return c.json({ results: results.map(toResultJson) }, 200);
  });
  for (const { route, act } of ends) {
    app.openapi(route, async (c) => {
      const ctx = contextOf(teamOf(c), c.get("requestId"));
      return c.json(toMemberJson(await act(c.get("deps"), ctx, c.req.valid("param").userId)), 200);
    });
  }
}
