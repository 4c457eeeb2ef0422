import type { MembershipState } from "../../../db/schema.js";
import { invalidValue } from "./errors.js";
import { URN } from "./schemas.js";

/**
 * A Handoff member as a SCIM User (RFC 7643 §4.1 and the enterprise extension §4.3), and back. The
 * person's account (email, name) is global; what an identity provider writes (userName, externalId,
 * name, displayName, emails, enterprise attributes…) is kept per organization beside the membership,
 * so it never reaches the person's standing elsewhere. A member no identity provider has touched is
 * shown from the account: userName and a work email from the account's email, displayName its name.
 */
export type ScimSide = { userName: string; externalId: string | null; attributes: Record<string, unknown>; updatedAt: Date };

export type UserSource = {
  userId: string;
  email: string | null;
  name: string | null;
  state: MembershipState;
  createdAt: Date;
  changedAt: Date;
  groups: { id: string; name: string }[];
  scim: ScimSide | null;
};

/** The attributes kept as the identity provider wrote them (besides userName, externalId and active). */
export const STORED_USER_ATTRIBUTES = [
  "name",
  "displayName",
  "nickName",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "emails",
  "phoneNumbers",
] as const;

/** A SCIM User as the protocol shows it; `active` false exactly while the member is suspended. */
export function toUserResource(u: UserSource, base: string): Record<string, unknown> {
  const attrs = u.scim?.attributes ?? {};
  const enterprise = attrs[URN.enterprise];
  const lastModified = u.scim && u.scim.updatedAt > u.changedAt ? u.scim.updatedAt : u.changedAt;
  const resource: Record<string, unknown> = {
    schemas: enterprise ? [URN.user, URN.enterprise] : [URN.user],
    id: u.userId,
    externalId: u.scim?.externalId ?? undefined,
    userName: u.scim?.userName ?? u.email ?? u.userId,
    name: u.scim ? attrs.name : u.name ? { formatted: u.name } : undefined,
    displayName: u.scim ? attrs.displayName : (u.name ?? undefined),
  };
  for (const key of STORED_USER_ATTRIBUTES) if (key !== "name" && key !== "displayName" && attrs[key] !== undefined) resource[key] = attrs[key];
  if (!u.scim && u.email) resource.emails = [{ value: u.email, type: "work", primary: true }];
  resource.active = u.state !== "suspended";
  if (u.groups.length) resource.groups = u.groups.map((g) => ({ value: g.id, display: g.name, $ref: `${base}/Groups/${g.id}` }));
  if (enterprise) resource[URN.enterprise] = enterprise;
  resource.meta = {
    resourceType: "User",
    created: u.createdAt.toISOString(),
    lastModified: lastModified.toISOString(),
    location: `${base}/Users/${u.userId}`,
  };
  return dropEmpty(resource);
}

/** Unassigned attributes are omitted (RFC 7643 §2.5): undefined, null, "" and empty lists or objects. */
export function dropEmpty(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = clean(v);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

function clean(v: unknown): unknown {
  if (v === undefined || v === null || v === "") return undefined;
  if (Array.isArray(v)) {
    const items = v.map(clean).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof v === "object") {
    const o = dropEmpty(v as Record<string, unknown>);
    return Object.keys(o).length ? o : undefined;
  }
  return v;
}

/**
 * Entra ID sends booleans as strings ("True", "False"); a boolean attribute accepts either. Anything
 * else is a 400 invalidValue naming the attribute.
 */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw invalidValue(`${attribute} must be a boolean (true or false).`);
}

export const MAX_USER_NAME = 320;
const MAX_STRING = 1000;
const MAX_LIST = 20;

/** What a User body (POST, PUT, or the result of a PATCH) asks for, checked and normalised. */
export type UserInput = {
  userName: string;
  externalId: string | null;
  active: boolean | undefined;
  attributes: Record<string, unknown>;
};

function shortString(v: unknown, attribute: string, max = MAX_STRING): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidValue(`${attribute} must be a string.`);
  if (v.length > max) throw invalidValue(`${attribute} is at most ${max} characters.`);
  return v;
}

/** A complex value of plain strings (name, manager), each bounded. */
function complexOfStrings(v: unknown, attribute: string, keys: readonly string[]): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalidValue(`${attribute} must be an object.`);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    const key = keys.find((name) => name.toLowerCase() === k.toLowerCase());
    if (key) out[key] = shortString(val, `${attribute}.${key}`);
  }
  return out;
}

/** emails, phoneNumbers: a bounded list of { value, type, primary, display }, at most one primary. */
function multiValued(v: unknown, attribute: string): Record<string, unknown>[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidValue(`${attribute} must be a list.`);
  if (v.length > MAX_LIST) throw invalidValue(`${attribute} holds at most ${MAX_LIST} values.`);
  const items = v.map((item, i) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) throw invalidValue(`${attribute}[${i}] must be an object.`);
    const o = item as Record<string, unknown>;
    const get = (name: string) => o[Object.keys(o).find((k) => k.toLowerCase() === name) ?? name];
    const primary = get("primary");
    return {
      value: shortString(get("value"), `${attribute}[${i}].value`),
      type: shortString(get("type"), `${attribute}[${i}].type`, 50),
      display: shortString(get("display"), `${attribute}[${i}].display`),
      primary: primary === undefined || primary === null ? undefined : scimBoolean(primary, `${attribute}[${i}].primary`),
    };
  });
  if (items.filter((i) => i.primary).length > 1) throw invalidValue(`${attribute}: at most one value is primary.`);
  return items;
}

const NAME_KEYS = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"] as const;
const ENTERPRISE_KEYS = ["employeeNumber", "costCenter", "organization", "division", "department"] as const;

/** The value of `key` in `o`, found case-insensitively (SCIM attribute names are case-insensitive). */
function pick(o: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : o[found];
}

/**
 * Checks a full User representation and keeps what Handoff stores. Read-only attributes (id, meta,
 * groups) are ignored, as RFC 7644 §3.5.1 allows; unknown attributes too.
 */
export function readUserInput(body: Record<string, unknown>): UserInput {
  const userName = shortString(pick(body, "userName"), "userName", MAX_USER_NAME)?.trim();
  if (!userName) throw invalidValue("userName is required.");
  const externalId = shortString(pick(body, "externalId"), "externalId") ?? null;
  const activeRaw = pick(body, "active");
  const active = activeRaw === undefined || activeRaw === null ? undefined : scimBoolean(activeRaw, "active");
  const attributes: Record<string, unknown> = {
    name: complexOfStrings(pick(body, "name"), "name", NAME_KEYS),
    displayName: shortString(pick(body, "displayName"), "displayName"),
    nickName: shortString(pick(body, "nickName"), "nickName"),
    title: shortString(pick(body, "title"), "title"),
    userType: shortString(pick(body, "userType"), "userType"),
    preferredLanguage: shortString(pick(body, "preferredLanguage"), "preferredLanguage"),
    locale: shortString(pick(body, "locale"), "locale"),
    timezone: shortString(pick(body, "timezone"), "timezone"),
    emails: multiValued(pick(body, "emails"), "emails"),
    phoneNumbers: multiValued(pick(body, "phoneNumbers"), "phoneNumbers"),
  };
  const ext = pick(body, URN.enterprise);
  if (ext !== undefined && ext !== null) {
    if (typeof ext !== "object" || Array.isArray(ext)) throw invalidValue(`${URN.enterprise} must be an object.`);
    const e = ext as Record<string, unknown>;
    const enterprise: Record<string, unknown> = {};
    for (const key of ENTERPRISE_KEYS) enterprise[key] = shortString(pick(e, key), `${URN.enterprise}:${key}`);
    // Entra sends the manager as a bare id string on PATCH; the schema makes it a complex value.
    const manager = pick(e, "manager");
    enterprise.manager = typeof manager === "string" ? { value: shortString(manager, "manager") } : complexOfStrings(manager, "manager", ["value", "$ref", "displayName"]);
    attributes[URN.enterprise] = enterprise;
  }
  return { userName, externalId, active, attributes: dropEmpty(attributes) };
}

/** The address a new member is invited or provisioned with: userName when it is one, else the primary (or first) email. */
export function emailOf(input: UserInput): string | null {
  if (EMAIL.test(input.userName)) return input.userName.toLowerCase();
  const emails = (input.attributes.emails as { value?: string; primary?: boolean }[] | undefined) ?? [];
  const chosen = emails.find((e) => e.primary) ?? emails[0];
  return chosen?.value && EMAIL.test(chosen.value) ? chosen.value.toLowerCase() : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The name Handoff shows for the person: displayName, else the formatted or given + family name. */
export function displayNameOf(input: UserInput): string | null {
  const name = input.attributes.name as Record<string, string> | undefined;
  const joined = [name?.givenName, name?.familyName].filter(Boolean).join(" ");
  return (input.attributes.displayName as string | undefined) ?? name?.formatted ?? (joined || null);
}
