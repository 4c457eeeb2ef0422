import { invalidValue } from "./errors.js";
import { URN } from "./schemas.js";
import { dropEmpty } from "./user-resource.js";

/**
 * A Handoff group as a SCIM Group (RFC 7643 §4.2): displayName is the group's name, members are users
 * by id. The team permissions a group grants are Handoff's own (set by its admins); membership from
 * the identity provider grants them.
 */
export type GroupSource = {
  id: string;
  name: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  members: { id: string; name: string | null; email: string | null }[];
};

export function toGroupResource(g: GroupSource, base: string): Record<string, unknown> {
  return dropEmpty({
    schemas: [URN.group],
    id: g.id,
    externalId: g.externalId,
    displayName: g.name,
    members: g.members.map((m) => ({ value: m.id, display: m.name ?? m.email ?? undefined, type: "User", $ref: `${base}/Users/${m.id}` })),
    meta: { resourceType: "Group", created: g.createdAt.toISOString(), lastModified: g.updatedAt.toISOString(), location: `${base}/Groups/${g.id}` },
  });
}

export const MAX_GROUP_NAME = 100;
export const MAX_GROUP_MEMBERS_PER_REQUEST = 1000;

export type GroupInput = { displayName: string; externalId: string | null; memberIds: string[] };

function pick(o: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : o[found];
}

/** A full Group representation (POST, PUT, the result of a PATCH), checked. */
export function readGroupInput(body: Record<string, unknown>): GroupInput {
  const displayName = pick(body, "displayName");
  if (typeof displayName !== "string" || displayName.trim() === "") throw invalidValue("displayName is required.");
  if (displayName.length > MAX_GROUP_NAME || /[\u0000-\u001f\u007f]/.test(displayName)) {
    throw invalidValue(`displayName is one line of at most ${MAX_GROUP_NAME} characters.`);
  }
  const externalId = pick(body, "externalId");
  if (externalId !== undefined && externalId !== null && (typeof externalId !== "string" || externalId.length > 1000)) {
    throw invalidValue("externalId must be a string of at most 1000 characters.");
  }
  const members = pick(body, "members") ?? [];
  if (!Array.isArray(members)) throw invalidValue("members must be a list.");
  if (members.length > MAX_GROUP_MEMBERS_PER_REQUEST) throw invalidValue(`At most ${MAX_GROUP_MEMBERS_PER_REQUEST} members per request.`);
  const memberIds = members.map((m, i) => {
    const value = m && typeof m === "object" ? pick(m as Record<string, unknown>, "value") : undefined;
    if (typeof value !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw invalidValue(`members[${i}].value must be a user id.`);
    return value;
  });
  return { displayName: displayName.trim(), externalId: (externalId as string | null | undefined) ?? null, memberIds: [...new Set(memberIds)] };
}
