import { afterClaimPath } from "../../domain/claim-rules.js";
import { LIMITS } from "../../domain/rate-limits.js";
import type { Router } from "../../http/openapi.js";
import { createAccount } from "../../services/accounts/accounts.js";
import { claimProvision } from "../../services/claims/claim.js";
import { readClaimLink } from "../../services/claims/read-link.js";
import { ClaimPage } from "../pages/claim.js";
import { registerLinkPage } from "./link-page.js";

export function registerClaimPages(app: Router) {
  registerLinkPage(app, {
    path: "/claim/:token",
    limits: { perIp: LIMITS.claimPerIp, perAccount: LIMITS.claimPerAccount },
    emailTaken: "An account with this email already exists. Log in to claim into it.",
    async show(c, token, extra) {
      const user = c.get("user");
      const link = await readClaimLink(c.get("deps"), c.get("deps").db, token, user ? { claimantEmail: user.email } : {});
      return c.html(
        <ClaimPage token={token} provision={link.provision} organizationName={link.organization.name} user={user} csrfToken={c.get("csrfToken")} {...extra} />,
        extra.status ?? 200,
      );
    },
    async takeAsUser(c, token, user) {
      const result = await claimProvision(c.get("deps"), token, { kind: "existing", userId: user.id, email: user.email }, c.get("requestId"));
      return afterClaimPath(result.provision);
    },
    // Signing up here claims nothing yet: the new account comes back to this page, which then shows the
    // confirmation (the organization's name, what moves) and the Claim account button.
    async takeAsNewAccount(c, token, account) {
      const deps = c.get("deps");
      await readClaimLink(deps, deps.db, token, { claimantEmail: account.email }); // still usable, and for this email
      const user = await deps.db.transaction().execute((trx) => createAccount(deps, trx, account));
      return { userId: user.id, next: c.req.path };
    },
  });
}
