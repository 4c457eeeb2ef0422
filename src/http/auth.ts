import type { MiddlewareHandler } from "hono";
import { hasScope, type Scope } from "../domain/scopes.js";
import { verifyApiKey } from "../services/key-verification.js";
import type { AppEnv } from "./env.js";
import { DomainError } from "../domain/errors.js";
import type { AdminPrincipal, ProjectPrincipal } from "../domain/actors.js";

function bearerToken(header: string | undefined): string {
  if (!header) throw new DomainError("missing_credentials", "Send the API key as `Authorization: Bearer <key>`.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new DomainError("missing_credentials", "The Authorization header must use the Bearer scheme.");
  return match[1]!;
}

/** Admin routes: an organization admin key. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = await verifyApiKey(c.get("deps"), bearerToken(c.req.header("authorization")));
  if (principal.kind !== "admin") throw new DomainError("admin_key_required");
  c.set("principal", principal);
  await next();
};

/** Project routes: any valid project key. */
export const requireProjectKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = await verifyApiKey(c.get("deps"), bearerToken(c.req.header("authorization")));
  if (principal.kind !== "project") {
    throw new DomainError("project_key_required", "Admin keys manage the organization; use a project key here.");
  }
  c.set("principal", principal);
  await next();
};

export function adminOf(c: { get(key: "principal"): unknown }): AdminPrincipal {
  return c.get("principal") as AdminPrincipal;
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
