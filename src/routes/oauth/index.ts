import type { Router } from "../../http/openapi.js";
import { registerOAuthAppRoutes } from "./apps.js";
import { registerOAuthTokenRoutes } from "./token.js";

export function registerOAuthRoutes(app: Router) {
  registerOAuthAppRoutes(app);
  registerOAuthTokenRoutes(app);
}
