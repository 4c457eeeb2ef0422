import type { Role } from "../../db/schema.js";

/** Who is calling, once the credential has been verified. */
export type AdminPrincipal = { kind: "admin"; organizationId: string; keyId: string };
export type ProjectPrincipal = {
  kind: "project";
  organizationId: string;
  projectId: string;
  keyId: string;
  agentId: string | null;
  /** Empty: every scope. */
  scopes: string[];
  /** The key's SHA-256 hash: where the key cache keeps this key's entry. Not a secret. */
  cacheKey: string;
  /** When the calling key expires (a rolled key: the end of its grace period); null: never. */
  expiresAt: Date | null;
};
export type Principal = AdminPrincipal | ProjectPrincipal;

/** A logged-in owner or admin acting on their organization from the dashboard. */
export type TeamUser = { kind: "team_user"; organizationId: string; userId: string; role: Role };
/** A logged-in person managing a project they own, from their account page. */
export type ProjectOwner = {
  kind: "project_owner";
  organizationId: string;
  projectId: string;
  userId: string;
  scopes: string[];
  expiresAt: null;
};

/** May manage an organization's provisions. */
export type TeamActor = AdminPrincipal | TeamUser;
/** May manage a project's agents and keys. */
export type ProjectActor = ProjectPrincipal | ProjectOwner;

/** How the audit trail names the actor. */
export function actorOf(p: Principal | TeamUser | ProjectOwner): { type: string; id: string } {
  switch (p.kind) {
    case "admin":
      return { type: "admin_key", id: p.keyId };
    case "project":
      return { type: "api_key", id: p.keyId };
    case "team_user":
    case "project_owner":
      return { type: "user", id: p.userId };
  }
}

/** The identity an Idempotency-Key is scoped to. */
export function idempotencyScopeOf(p: TeamActor): string {
  return p.kind === "admin" ? p.keyId : p.userId;
}
