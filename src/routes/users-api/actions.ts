import { createRoute, z } from "@hono/zod-openapi";
import { contextOf } from "../../domain/actors.js";
import type { Router } from "../../http/openapi.js";
import { setUserSuspended } from "../../services/users-api/users.js";
import { userIdParam } from "./access.js";
import { usersApiErrorResponses } from "./errors.js";
import { AccountParam, toUserJson, UserAgentHeader, UserParam, UserSchema, usersSecurity } from "./schemas.js";
import { serveUsersOperation } from "./serve.js";

/** The two custom methods (AIP-136): `POST …/users/{user_id}:suspend` and `…:reactivate`, no body. */
const ACTIONS = [
  {
    verb: "suspend",
    suspend: true,
    scope: "users.suspend",
    summary: "Suspend a user: at once they cannot act in the account, their sessions end and their projects' keys stop",
    description:
      "Scope `users.suspend`. Idempotent: a suspended user is returned unchanged. The last active owner cannot be suspended (FAILED_PRECONDITION), nor the token's creator (PERMISSION_DENIED), nor a user an identity provider manages through SCIM (FAILED_PRECONDITION). Audited as `member.suspended` by the OAuth app or key.",
  },
  {
    verb: "reactivate",
    suspend: false,
    scope: "users.reactivate",
    summary: "Reactivate a suspended user: everything works again (keys revoked meanwhile stay revoked)",
    description: "Scope `users.reactivate`. Idempotent: an active user is returned unchanged. Audited as `member.reactivated` by the OAuth app or key.",
  },
] as const;

export function registerUserActions(app: Router) {
  for (const a of ACTIONS) {
    const route = createRoute({
      operationId: a.suspend ? "usersApiSuspendUser" : "usersApiReactivateUser",
      method: "post",
      path: `/v1beta1/accounts/{account_id}/users/{user_id}:${a.verb}`,
      tags: ["Users API"],
      summary: a.summary,
      description: a.description,
      security: usersSecurity(a.scope),
      request: { params: z.object({ account_id: AccountParam, user_id: UserParam }), headers: UserAgentHeader },
      responses: {
        200: { description: "The updated user", content: { "application/json": { schema: UserSchema } } },
        ...usersApiErrorResponses(400, 401, 403, 404, 429, 500),
      },
    });
    const suffix = `:${a.verb}`;
    serveUsersOperation(app, route, `/v1beta1/accounts/:account_id/users/:user_id{[^/:]+${suffix}}`, a.scope, async (c, caller) => {
      const user = await setUserSuspended(c.get("deps"), contextOf(caller, c.get("requestId")), userIdParam(c, suffix), a.suspend);
      return c.json(toUserJson(caller.organizationId, user), 200, { "cache-control": "no-store" });
    });
  }
}
