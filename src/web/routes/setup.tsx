import { LIMITS } from "../../domain/rate-limits.js";
import type { Router } from "../../http/openapi.js";
import { completeOwnerSetup, readSetupLink } from "../../services/accounts/owner-setup.js";
import { SetupPage } from "../pages/setup.js";
import { registerLinkPage } from "./link-page.js";

export function registerSetupPages(app: Router) {
  registerLinkPage(app, {
    path: "/setup/:token",
    limits: { perIp: LIMITS.signupPerIp },
    emailTaken: "An account with this email already exists. Log in to become the owner with it.",
    async show(c, token, extra) {
      const link = await readSetupLink(c.get("deps"), token);
      return c.html(
        <SetupPage token={token} organizationName={link.organizationName} user={c.get("user")} csrfToken={c.get("csrfToken")} {...extra} />,
        extra.status ?? 200,
      );
    },
    async takeAsUser(c, token, user) {
      await completeOwnerSetup(c.get("deps"), token, { kind: "existing", userId: user.id }, c.get("requestId"));
      return "/account";
    },
    async takeAsNewAccount(c, token, account) {
      const done = await completeOwnerSetup(c.get("deps"), token, { kind: "new", account }, c.get("requestId"));
      return { userId: done.userId, next: "/account" };
    },
  });
}
