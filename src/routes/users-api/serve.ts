import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import type { Router } from "../../http/openapi.js";
import type { UsersApiCaller } from "../../services/users-api/users.js";
import { usersApiCaller, type UsersScope } from "./access.js";
import { renderUsersApiError, usersApiError } from "./errors.js";

/**
 * Serves one Users API operation. The definition goes into /openapi.json as 1Password writes the
 * path (`…/users/{user_id}:suspend`); the handler is mounted on Hono's own pattern, because
 * zod-openapi would turn `{user_id}:suspend` into a parameter named `user_id:suspend` that matches
 * any action. Validation is the operation's own (not the /v1 hook), so every answer — parameters,
 * credentials, rate limits, failures — comes in this API's error shape.
 */
export function serveUsersOperation(
  app: Router,
  route: RouteConfig,
  honoPath: string,
  scope: UsersScope,
  work: (c: Context<AppEnv>, caller: UsersApiCaller) => Promise<Response>,
) {
  app.openAPIRegistry.registerPath(route);
  app.on(route.method.toUpperCase(), honoPath, async (c) => {
    try {
      return await work(c, await usersApiCaller(c, scope));
    } catch (err) {
      return renderUsersApiError(c, err, scope);
    }
  });
}

/** After the operations: any other path or method under /v1beta1/accounts answers in this API's shape too. */
export function serveUsersNotFound(app: Router) {
  app.all("/v1beta1/accounts/*", (c) => usersApiError(c, "NOT_FOUND", `No Users API operation for ${c.req.method} on this path.`));
}
