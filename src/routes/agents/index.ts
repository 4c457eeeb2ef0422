import type { Router } from "../../http/openapi.js";
import { registerCreateAgent } from "./create.js";
import { registerDeleteAgent } from "./delete.js";
import { registerGetAgent } from "./get.js";
import { registerListAgents } from "./list.js";
import { registerUpdateAgent } from "./update.js";

export function registerAgentRoutes(app: Router) {
  registerListAgents(app);
  registerCreateAgent(app);
  registerGetAgent(app);
  registerUpdateAgent(app);
  registerDeleteAgent(app);
}
