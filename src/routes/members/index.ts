import type { Router } from "../../http/openapi.js";
import { registerConfirmMembers } from "./confirm.js";
import { registerDeleteMember } from "./delete.js";
import { registerReadMembers } from "./read.js";
import { registerRecovery } from "./recovery.js";
import { registerScimLink } from "./scim-link.js";
import { registerSuspension } from "./suspension.js";
import { registerUpdateMember } from "./update.js";

export function registerMemberRoutes(app: Router) {
  registerConfirmMembers(app);
  registerReadMembers(app);
  registerUpdateMember(app);
  registerSuspension(app);
  registerDeleteMember(app);
  registerScimLink(app);
  registerRecovery(app);
}
