import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { TeamActor } from "../domain/actors.js";
import { DomainError } from "../domain/errors.js";
import type { Permission } from "../domain/team-permissions.js";
import { findSessionUser } from "../services/accounts/sessions.js";
import { verifyApiKey } from "../services/key-verification.js";
import { soleOrganizationOf, teamMemberFor } from "../services/team/team-access.js";
import { assertSameOrigin } from "./csrf.js";
import type { AppEnv } from "./env.js";
import { SESSION_COOKIE } from "./session.js";

/** Names the organization a session acts on, for a person who belongs to more than one. */
export const ORGANIZATION_HEADER = "handoff-organization";

/**
 * Team routes (`/v1/team/…`): the organization's admin key (every permission), or a logged-in
 * person's session whose role and groups hold `permission` (`any`: at least one team permission).
 * A session's state-changing request must come from our own origin. Sets c.var.team.
 */
export function requireTeamPermission(permission: Permission | "any"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get("deps");
    const header = c.req.header("authorization");
    const cookie = getCookie(c, SESSION_COOKIE);
    if (header || !cookie) {
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match) {
        throw new DomainError("missing_credentials", header ? "The Authorization header must use the Bearer scheme." : "Send an admin key as `Authorization: Bearer <key>`, or log in.");
      }
      const principal = await verifyApiKey(deps, match[1]!);
      if (principal.kind !== "admin") throw new DomainError("admin_key_required");
      c.set("principal", principal);
      c.set("team", principal);
      return next();
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") assertSameOrigin(c);
    const user = await findSessionUser(deps, cookie);
    if (!user) throw new DomainError("session_required", "The session has ended; log in again.");
    const organizationId = c.req.header(ORGANIZATION_HEADER) ?? (await soleOrganizationOf(deps, user.id));
    if (!organizationId) {
      throw new DomainError("validation_failed", `Name the organization in the ${ORGANIZATION_HEADER} header.`, {
        errors: [{ path: `header.${ORGANIZATION_HEADER}`, message: "Required for a person who belongs to several organizations" }],
      });
    }
    const { actor } = await teamMemberFor(deps, user.id, organizationId, permission);
    c.set("team", actor);
    return next();
  };
}

export function teamOf(c: Context<AppEnv>): TeamActor {
  return c.get("team");
}
