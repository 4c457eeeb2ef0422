import type { ActorRef } from "./actors.js";
import type { AuditAction } from "./audit-catalogue.js";
import { broadScopes } from "./team-scopes.js";

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * Alerts on access changes: which audit events raise someone's privilege, and what the alert says.
 * A change marks its event `privilegeRaise: true` (a member made admin or owner, a group gaining a
 * permission while it has members, a person put in a group that grants more, a claim or an invitation
 * joining with more than a member's standing, a new owner, a policy weakened, an organization key with
 * broad scopes); the unit of work then writes an `alert.access_changed` event beside it, which
 * webhooks and mail to the owners deliver. Pure, tested without a database.
 */

export type AccessAlert = {
  /** The event that raised privilege. */
  cause: AuditAction;
  /** Whose access rose, when one person's did (a group's permissions raise all its members). */
  userId: string | null;
  /** What was gained, as the cause event says it (a role, permissions, a policy change). */
  gained: unknown;
  /** The actor gave it to themselves. */
  selfGranted: boolean;
  /** One line for people (the Activity page, the mail). */
  summary: string;
};

type Target = { type: string; id: string };

function raisedUser(action: AuditAction, target: Target, metadata: Record<string, unknown>): string | null {
  if (typeof metadata.userId === "string") return metadata.userId;
  if (target.type === "user") return target.id;
  if (action === "organization.created" && typeof metadata.ownerUserId === "string") return metadata.ownerUserId;
  return null;
}

function gainedOf(action: AuditAction, metadata: Record<string, unknown>): unknown {
  switch (action) {
    case "member.role_changed":
      return { role: (metadata.to as string | undefined) ?? null };
    case "group.updated":
      return { permissions: (metadata.permissions as { to?: unknown } | undefined)?.to ?? null };
    case "policy.updated":
      return { policy: metadata.changes ?? null };
    case "provision.claimed":
    case "invitation.accepted":
      return { role: (metadata.role as string | undefined) ?? null };
    case "organization.created":
    case "organization.owner_set":
      return { role: "owner" };
    default:
      return metadata.scopes !== undefined ? { scopes: metadata.scopes } : null;
  }
}

function describe(action: AuditAction, who: string, by: string, gained: unknown, target: Target): string {
  const g = gained as Record<string, unknown> | null;
  switch (action) {
    case "member.role_changed":
      return `${who} was made ${String(g?.role)} by ${by}.`;
    case "group.member_added":
      return `${who} was added to group ${target.id}, which grants more than they held, by ${by}.`;
    case "group.updated":
      return `Group ${target.id} now grants ${JSON.stringify(g?.permissions)} to its members (changed by ${by}).`;
    case "policy.updated":
      return `The organization's policy was weakened by ${by}: ${JSON.stringify(g?.policy)}.`;
    case "provision.claimed":
    case "invitation.accepted":
      return `${who} joined as ${String(g?.role)} (${action}).`;
    case "organization.created":
    case "organization.owner_set":
      return `${who} became an owner (${action}).`;
    case "organization_api_key.created":
    case "oauth_app.created": {
      const what = action === "oauth_app.created" ? "An OAuth app" : "An organization API key";
      return `${what} ${target.id} that can change people or access (${broadScopes(asStrings(g?.scopes)).join(", ")}) was created by ${by}.`;
    }
    default:
      return `${by} raised access (${action}${g ? `: ${JSON.stringify(g)}` : ""}).`;
  }
}

/** The alert an audit event calls for, or null when it raises nobody's privilege. */
export function accessAlertFor(action: AuditAction, target: Target, metadata: Record<string, unknown> | undefined, actor: ActorRef): AccessAlert | null {
  if (!metadata || metadata.privilegeRaise !== true || action === "alert.access_changed") return null;
  const userId = raisedUser(action, target, metadata);
  const gained = gainedOf(action, metadata);
  const selfGranted = userId !== null && actor.type === "user" && actor.id === userId && !["provision.claimed", "invitation.accepted", "organization.created", "organization.owner_set"].includes(action);
  const who = userId ? `Member ${userId}` : "Someone";
  const by = actor.id ? `${actor.type} ${actor.id}` : actor.type;
  const summary = (selfGranted ? "Self-granted: " : "") + describe(action, who, by, gained, target);
  return { cause: action, userId, gained, selfGranted, summary };
}
