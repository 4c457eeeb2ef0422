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
    async takeAsUser(c, ctx, token, user) {
      await completeOwnerSetup(c.get("deps"), ctx, token, { kind: "existing", userId: user.id });
      return "/account";
    },
    async takeAsNewAccount(c, ctx, token, account) {
      const done = await completeOwnerSetup(c.get("deps"), ctx, token, { kind: "new", account });
      return { userId: done.userId, next: "/account" };
    },
  });
}
