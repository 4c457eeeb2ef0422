import type { Router } from "../http/openapi.js";
import { registerAgentRoutes } from "./agents/index.js";
import { registerClaimRoutes } from "./claims/index.js";
import { registerHealthRoutes } from "./health.js";
import { registerKeyRoutes } from "./keys/index.js";
import { registerMeRoute } from "./me.js";
import { registerProvisionRoutes } from "./provisions/index.js";

export function registerRoutes(app: Router) {
  registerHealthRoutes(app);
  registerProvisionRoutes(app);
  registerMeRoute(app);
  registerAgentRoutes(app);
  registerKeyRoutes(app);
  registerClaimRoutes(app);
}
