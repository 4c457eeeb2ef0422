import type { Router } from "../../http/openapi.js";
import { registerCancelProvision } from "./cancel.js";
import { registerRegenerateClaimLink } from "./claim-link.js";
import { registerCreateProvision } from "./create.js";
import { registerGetProvision } from "./get.js";
import { registerListProvisions } from "./list.js";

export function registerProvisionRoutes(app: Router) {
  registerCreateProvision(app);
  registerListProvisions(app);
  registerGetProvision(app);
  registerCancelProvision(app);
  registerRegenerateClaimLink(app);
}
