import type { Router } from "../../http/openapi.js";
import { registerCreateKey } from "./create.js";
import { registerListKeys } from "./list.js";
import { registerRevokeKey } from "./revoke.js";
import { registerRollKey } from "./roll.js";

export function registerKeyRoutes(app: Router) {
  registerListKeys(app);
  registerCreateKey(app);
  registerRevokeKey(app);
  registerRollKey(app);
}
