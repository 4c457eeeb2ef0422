import type { MiddlewareHandler } from "hono";
import { csrfCookie } from "../../http/csrf.js";
import type { AppEnv } from "../../http/env.js";
import type { Router } from "../../http/openapi.js";
import { loadSession } from "../../http/session.js";
import { pageInputGuard } from "../input-guard.js";
import { APP_JS } from "../scripts.js";
import { APP_CSS } from "../styles.js";
import { registerAccountKeyPages } from "./account-keys.js";
import { registerActivityPages } from "./activity.js";
import { registerWebhookPages } from "./webhooks.js";
import { registerReportPages } from "./reports.js";
import { registerApiKeyPages } from "./api-keys.js";
import { registerOAuthAppPages } from "./oauth-apps.js";
import { registerAccountPages } from "./account.js";
import { registerAuthPages } from "./auth.js";
import { formBody } from "./form-body.js";
import { registerClaimPages } from "./claim.js";
import { registerInvitationPages } from "./invitations.js";
import { registerPeoplePages } from "./people.js";
import { registerRecoveryPages } from "./recovery.js";
import { registerScimPages } from "./scim.js";
import { registerSetupPages } from "./setup.js";
import { registerTeamPages } from "./team.js";
import { registerTwoStepPages } from "./two-step.js";
import { registerVerifyEmailPages } from "./verify-email.js";

/** No inline script or style anywhere; pages cannot be framed; forms post only to us. */
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const pageHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header("content-security-policy", PAGE_CSP);
  c.header("x-frame-options", "DENY");
  c.header("cache-control", "no-store");
};

export const PAGE_PATHS = ["/", "/login", "/signup", "/logout", "/account", "/account/*", "/team", "/orgs/*", "/claim/*", "/invite/*", "/setup/*", "/onboarding/*", "/projects/*", "/organizations", "/verify-email/*", "/login/two-step", "/recover/*"];

export function registerWebRoutes(app: Router) {
  for (const path of PAGE_PATHS) app.use(path, pageHeaders, formBody, loadSession, csrfCookie, pageInputGuard);
  app.get("/assets/app.css", (c) => {
    c.header("cache-control", "public, max-age=3600");
    return c.body(APP_CSS, 200, { "content-type": "text/css; charset=utf-8" });
  });
  app.get("/assets/app.js", (c) => {
    c.header("cache-control", "public, max-age=3600");
    return c.body(APP_JS, 200, { "content-type": "text/javascript; charset=utf-8" });
  });
  registerAuthPages(app);
  registerClaimPages(app);
  registerSetupPages(app);
  registerAccountPages(app);
  registerAccountKeyPages(app);
  registerTeamPages(app);
  registerPeoplePages(app);
  registerInvitationPages(app);
  registerActivityPages(app);
  registerWebhookPages(app);
  registerReportPages(app);
  registerScimPages(app);
  registerApiKeyPages(app);
  registerVerifyEmailPages(app);
  registerOAuthAppPages(app);
  registerTwoStepPages(app);
  registerRecoveryPages(app);
}
