import type { Router } from "../http/openapi.js";
import { registerAgentRoutes } from "./agents/index.js";
import { registerAuditRoutes } from "./audit/index.js";
import { registerWebhookRoutes } from "./webhooks/index.js";
import { registerReportRoutes } from "./reports/index.js";
import { registerClaimRoutes } from "./claims/index.js";
import { registerGroupRoutes } from "./groups/index.js";
import { registerInvitationRoutes } from "./invitations/index.js";
import { registerMemberRoutes } from "./members/index.js";
import { registerOrganizationRoutes } from "./organizations.js";
import { registerOrganizationKeyRoutes } from "./organization-keys/index.js";
import { registerPolicyRoutes } from "./policy.js";
import { registerHealthRoutes } from "./health.js";
import { registerKeyRoutes } from "./keys/index.js";
import { registerMeRoute } from "./me.js";
import { registerProvisionRoutes } from "./provisions/index.js";
import { registerScimTokenRoutes } from "./scim-tokens/index.js";
import { registerScimRoutes } from "./scim/index.js";

export function registerRoutes(app: Router) {
  registerHealthRoutes(app);
  registerProvisionRoutes(app);
  registerMeRoute(app);
  registerAgentRoutes(app);
  registerKeyRoutes(app);
  registerClaimRoutes(app);
  registerMemberRoutes(app);
  registerGroupRoutes(app);
  registerPolicyRoutes(app);
  registerInvitationRoutes(app);
  registerOrganizationRoutes(app);
  registerAuditRoutes(app);
  registerWebhookRoutes(app);
  registerReportRoutes(app);
  registerScimTokenRoutes(app);
  registerScimRoutes(app);
  registerOrganizationKeyRoutes(app);
}
