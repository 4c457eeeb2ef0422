import type { Context, MiddlewareHandler, Next } from "hono";
import { getCookie } from "hono/cookie";
import type { Permission } from "../domain/team-permissions.js";
import { scopeForRoute } from "../domain/team-scopes.js";
import { assertCredentialMay } from "../services/team/credential-standing.js";
import { findSessionUser } from "../services/accounts/sessions.js";
import { enforceTwoStepPolicy } from "../services/team/two-step-gate.js";
import { soleOrganizationOf, teamMemberFor } from "../services/team/team-access.js";
import { assertSameOrigin } from "./csrf.js";
import { SESSION_COOKIE } from "./session.js";
import { hasScope, type Scope } from "../domain/scopes.js";
import { verifyApiKey } from "../services/key-verification.js";
import { limitCaller } from "./api-rate-limit.js";
import type { AppEnv } from "./env.js";
import { DomainError } from "../domain/errors.js";
import type { AdminPrincipal, OAuthPrincipal, Principal, ProjectPrincipal, TeamActor } from "../domain/actors.js";
import { ACCESS_TOKEN_PREFIX } from "../domain/oauth.js";
import { verifyAccessToken } from "../services/oauth/tokens.js";

function bearerToken(header: string | undefined): string {
  if (!header) throw new DomainError("missing_credentials", "Send the API key as `Authorization: Bearer <key>`.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new DomainError("missing_credentials", "The Authorization header must use the Bearer scheme.");
  return match[1]!;
}

/**
 * Every identified call counts against its key's and organization's limits. Synchronous for a cached
 * key far from its limits (the agents' hot path: no promise to settle); a promise otherwise.
 */
function verifiedCaller(c: Context<AppEnv>, header: string | undefined): Principal | Promise<Principal> {
  const deps = c.get("deps");
  // One clock reading decides the key and counts the call.
  const now = deps.clock.now();
  const verified = verifyApiKey(deps, bearerToken(header), now);
  if (verified instanceof Promise) return verified.then((principal) => counted(c, principal, now));
  return counted(c, verified, now);
}

function counted(c: Context<AppEnv>, principal: Principal, now: Date): Principal | Promise<Principal> {
  const counting = limitCaller(c, principal, now);
  return counting ? counting.then(() => principal) : principal;
}

/** Project routes: any valid project key. */
export const requireProjectKey: MiddlewareHandler<AppEnv> = (c, next) => {
  const verified = verifiedCaller(c, c.req.header("authorization"));
  if (verified instanceof Promise) return verified.then((principal) => admitProject(c, principal, next));
  return admitProject(c, verified, next);
};

function admitProject(c: Context<AppEnv>, principal: Principal, next: Next): Promise<void> {
  if (principal.kind !== "project") {
    throw new DomainError("project_key_required", "Admin keys manage the organization; use a project key here.");
  }
  c.set("principal", principal);
  return next();
}

export function projectOf(c: { get(key: "principal"): unknown }): ProjectPrincipal {
  return c.get("principal") as ProjectPrincipal;
}

/** After requireProjectKey: the key must hold this scope. */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!hasScope(projectOf(c).scopes, scope)) {
      throw new DomainError("insufficient_scope", `This key lacks the \`${scope}\` scope.`);
    }
    await next();
  };
}

/**
 * A bearer credential acting on the team: an organization API key, or an OAuth access token (`hat_…`,
 * checked against its client on every call). Both count against the /v1 rate limits (an OAuth client
 * as one caller, whichever token it uses).
 */
export async function teamCredential(c: Context<AppEnv>, header: string | undefined): Promise<AdminPrincipal | OAuthPrincipal> {
  const token = bearerToken(header);
  if (token.startsWith(ACCESS_TOKEN_PREFIX)) {
    const principal = await verifyAccessToken(c.get("deps"), token);
    const counting = limitCaller(c, { keyId: principal.clientId, organizationId: principal.organizationId }, c.get("deps").clock.now());
    if (counting) await counting;
    return principal;
  }
  const principal = await verifiedCaller(c, header);
  if (principal.kind !== "admin") throw new DomainError("admin_key_required");
  c.set("principal", principal);
  return principal;
}

/** Names the organization a session acts on, for a person who belongs to more than one. */
export const ORGANIZATION_HEADER = "handoff-organization";

/**
 * Team routes (`/v1/team/…`): an organization API key holding the route's scope (src/domain/team-scopes.ts:
 * `scopeForRoute`) whose creator still holds `permission`, or a logged-in person's session whose role and
 * groups hold `permission` (`any`: at least one team permission). No credential does more than the
 * person behind it. A session's state-changing request must come from our own origin. Sets c.var.team.
 */
export function requireTeamPermission(permission: Permission | "any"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get("deps");
    const header = c.req.header("authorization");
    const cookie = getCookie(c, SESSION_COOKIE);
    if (header || !cookie) {
      const credential = await teamCredential(c, header);
      await assertCredentialMay(deps.db, credential, permission, scopeForRoute(permission, c.req.method));
      c.set("team", credential);
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
    // The person at the keyboard: the same two-step policy as the pages (keys are not gated).
    await enforceTwoStepPolicy(deps, organizationId, user.id, actor.role);
    c.set("team", actor);
    return next();
  };
}

export function teamOf(c: Context<AppEnv>): TeamActor {
  return c.get("team");
}
