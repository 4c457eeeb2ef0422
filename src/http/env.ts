import type { AppDeps } from "../deps.js";
import type { SessionUser } from "../services/accounts/sessions.js";
import type { Principal, TeamActor } from "../domain/actors.js";

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    principal: Principal;
    /** Team routes: the admin key, or a logged-in member holding the route's permission. */
    team: TeamActor;
    /** The logged-in person (pages and session routes), or null. */
    user: SessionUser | null;
    /** The CSRF token for forms rendered in this response. */
    csrfToken: string;
    /** The caller's rate-limit header values, once counted (src/http/api-rate-limit.ts). */
    rateLimit: { policy: string; state: string };
  };
};
