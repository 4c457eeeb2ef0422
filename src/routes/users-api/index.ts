import type { Router } from "../../http/openapi.js";
import { registerUserActions } from "./actions.js";
import { registerGetUser } from "./get.js";
import { registerListUsers } from "./list.js";
import { serveUsersNotFound } from "./serve.js";

/** The Users API (`/v1beta1/accounts/{account_id}/users…`), wire-compatible with 1Password's v1beta1. */
export function registerUsersApiRoutes(app: Router) {
  registerListUsers(app);
  registerGetUser(app);
  registerUserActions(app);
  serveUsersNotFound(app);
}
