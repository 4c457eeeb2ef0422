import type { AppDeps } from "../deps.js";
import type { SessionUser } from "../services/accounts/sessions.js";
import type { Principal } from "../domain/actors.js";

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    principal: Principal;
    /** The logged-in person (pages and session routes), or null. */
    user: SessionUser | null;
    /** The CSRF token for forms rendered in this response. */
    csrfToken: string;
  };
};
