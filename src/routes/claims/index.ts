import type { Router } from "../../http/openapi.js";
import { registerClaim } from "./claim.js";
import { registerPreviewClaim } from "./preview.js";

export function registerClaimRoutes(app: Router) {
  registerPreviewClaim(app);
  registerClaim(app);
}
