import { createRoute, z } from "@hono/zod-openapi";
import type { Router } from "../../http/openapi.js";
import { getUser } from "../../services/users-api/users.js";
import { userIdParam } from "./access.js";
import { usersApiErrorResponses } from "./errors.js";
import { AccountParam, toUserJson, UserAgentHeader, UserParam, UserSchema, usersSecurity } from "./schemas.js";
import { serveUsersOperation } from "./serve.js";

const route = createRoute({
  operationId: "usersApiGetUser",
  method: "get",
  path: "/v1beta1/accounts/{account_id}/users/{user_id}",
  tags: ["Users API"],
  summary: "Get one user of the account",
  description: "Scope `users.get`.",
  security: usersSecurity("users.get"),
  request: { params: z.object({ account_id: AccountParam, user_id: UserParam }), headers: UserAgentHeader },
  responses: {
    200: { description: "The user", content: { "application/json": { schema: UserSchema } } },
    ...usersApiErrorResponses(400, 401, 403, 404, 429, 500),
  },
});

export function registerGetUser(app: Router) {
  // `[^/:]+`: a segment with a custom method (`usr_…:suspend`) is not a user id here.
  serveUsersOperation(app, route, "/v1beta1/accounts/:account_id/users/:user_id{[^/:]+}", "users.get", async (c, caller) => {
    const user = await getUser(c.get("deps").db, caller.organizationId, userIdParam(c));
    return c.json(toUserJson(caller.organizationId, user), 200, { "cache-control": "no-store" });
  });
}
