import { afterClaimPath } from "../../domain/claim-rules.js";
import { LIMITS } from "../../domain/rate-limits.js";
import type { Router } from "../../http/openapi.js";
import { claimProvision, signUpForClaim } from "../../services/claims/claim.js";
import { claimPage } from "../../services/claims/read-link.js";
import { ClaimPage } from "../pages/claim.js";
import { linkAction } from "../format.js";
import { registerLinkPage } from "./link-page.js";

export function registerClaimPages(app: Router) {
  registerLinkPage(app, {
    path: "/claim/:token",
    limits: { perIp: LIMITS.claimPerIp, perAccount: LIMITS.claimPerAccount },
    emailTaken: "An account with this email already exists. Log in to claim into it.",
    async show(c, token, extra) {
      const user = c.get("user");
      const view = await claimPage(c.get("deps"), token, user?.email);
      return c.html(
        <ClaimPage token={token} {...view} user={user} csrfToken={c.get("csrfToken")} {...extra} />,
        extra.status ?? 200,
      );
    },
    async takeAsUser(c, ctx, token, user, proof) {
      const result = await claimProvision(c.get("deps"), ctx, token, { kind: "existing", userId: user.id, email: user.email }, proof);
      return afterClaimPath(result.provision);
    },
    // Signing up here claims nothing yet: the new account comes back to this page, which then shows the
    // confirmation (the organization's name, what moves) and the Claim account button.
    async takeAsNewAccount(c, ctx, token, account, proof) {
      const { userId } = await signUpForClaim(c.get("deps"), ctx, token, account, proof);
      return { userId, next: linkAction(c.req.path, proof) };
    },
  });
}
