import type { Role } from "../../db/schema.js";

/**
 * Who acts. A credential verified by the HTTP layer, a logged-in person or a job becomes one of these;
 * services take them, the audit trail names them with `actorRef`. Future kinds (organization API
 * keys, OAuth client tokens, SCIM tokens) are added here as new members of `Actor`.
 */

/**
 * An organization API key (`Authorization: Bearer`): limited to its scopes (src/domain/team-scopes.ts)
 * and to what its creator still holds. `createdBy` null: the server created it (the bootstrap key).
 */
export type AdminPrincipal = {
  kind: "admin";
  organizationId: string;
  keyId: string;
  scopes: string[];
  createdBy: string | null;
  /** When the calling key expires (a rolled key: the end of its grace period); null: never. */
  expiresAt: Date | null;
};
/**
 * An OAuth client's access token (client credentials): limited to the token's scopes and what the
 * client's creator still holds, like an organization key. `clientId` names it in the audit trail.
 */
export type OAuthPrincipal = {
  kind: "oauth";
  organizationId: string;
  tokenId: string;
  clientId: string;
  scopes: string[];
  createdBy: string | null;
  expiresAt: Date | null;
};
/** A project API key. */
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
  /** The moment the key was found valid: the request's "now" for what depends on the clock (the provision's status). */
  verifiedAt: Date;
};
/** Who is calling with an API key, once the key has been verified. */
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
/** A person acting for themselves (claiming, accepting an invitation, signing up, logging in). */
export type Person = { kind: "user"; userId: string };
/** Someone not logged in yet (a visitor signing up on a link page). */
export type Visitor = { kind: "visitor" };
/** The server itself: the sweeper, the bootstrap, future outbox deliveries. */
export type SystemActor = { kind: "system"; id: string | null };

/**
 * An identity provider calling /scim/v2 with an organization's SCIM token. Created only by owners (or
 * the admin key), it acts with an organization credential's standing, like the admin key.
 */
export type ScimPrincipal = { kind: "scim"; organizationId: string; tokenId: string };

/** May manage an organization's provisions. */
export type TeamActor = AdminPrincipal | OAuthPrincipal | TeamUser | ScimPrincipal;
/** May manage a project's agents and keys. */
export type ProjectActor = ProjectPrincipal | ProjectOwner;

export type Actor = Principal | OAuthPrincipal | TeamUser | ScimPrincipal | ProjectOwner | Person | Visitor | SystemActor;

/** How the audit trail (and a provision's `createdBy`) names an actor. */
export type ActorRef = { type: string; id: string | null };

export function actorRef(a: Actor): ActorRef {
  switch (a.kind) {
    case "admin":
      return { type: "admin_key", id: a.keyId };
    case "project":
      return { type: "api_key", id: a.keyId };
    case "oauth":
      return { type: "oauth_client", id: a.clientId };
    case "scim":
      return { type: "scim_token", id: a.tokenId };
    case "team_user":
    case "project_owner":
    case "user":
      return { type: "user", id: a.userId };
    case "visitor":
      return { type: "visitor", id: null };
    case "system":
      return { type: "system", id: a.id };
  }
}

export const person = (userId: string): Person => ({ kind: "user", userId });

/**
 * Everything a change needs to know about who makes it, built once per request (from the HTTP
 * context) or per job run (a system actor). `organizationId` is null where the organization is
 * only known once the change has read it (a claim, an invitation, a sign-up). `now`, when given,
 * is the moment the change acts as of (a job's run time); otherwise the unit of work reads the clock.
 */
export type ActorContext<A extends Actor = Actor> = {
  actor: A;
  organizationId: string | null;
  requestId: string | null;
  now?: Date;
};

/** A context acting in the actor's own organization. */
export function contextOf<A extends Actor & { organizationId: string }>(actor: A, requestId: string | null): ActorContext<A> {
  return { actor, organizationId: actor.organizationId, requestId };
}

/** A job's context: the system acting at `now`, in no one organization. */
export function systemContext(id: string, now?: Date): ActorContext {
  return { actor: { kind: "system", id }, organizationId: null, requestId: null, ...(now ? { now } : {}) };
}
