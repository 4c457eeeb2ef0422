import { invalidSyntax, invalidValue } from "./errors.js";
import { COMMON_ATTRIBUTES, ENTERPRISE_ATTRIBUTES, GROUP_ATTRIBUTES, USER_ATTRIBUTES, URN, type Attribute } from "./schemas.js";

/**
 * Attribute names as the schemas declare them. SCIM attribute names are case-insensitive (RFC 7643
 * §2.1): a filter or a PATCH path may spell them in any case, and must name attributes that exist
 * (RFC 7644 §3.4.2.2: an unknown attribute in a filter is a 400 invalidFilter, not an empty list).
 */
export type ResourceKind = "User" | "Group";

const META = ["created", "lastModified", "location", "resourceType", "version"];

function flatten(attributes: Attribute[]): string[] {
  return attributes.flatMap((a) => [a.name, ...(a.subAttributes ?? []).map((s) => `${a.name}.${s.name}`)]);
}

const PATHS: Record<ResourceKind, Set<string>> = {
  User: new Set([...flatten([...USER_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES, ...COMMON_ATTRIBUTES]), ...META.map((m) => `meta.${m}`)].map((p) => p.toLowerCase())),
  Group: new Set([...flatten([...GROUP_ATTRIBUTES, ...COMMON_ATTRIBUTES]), ...META.map((m) => `meta.${m}`)].map((p) => p.toLowerCase())),
};

/** Whether `path` (lower case, dotted, without an extension's URN: `emails.value`) names an attribute of the resource. */
export function isKnownPath(kind: ResourceKind, path: string): boolean {
  return PATHS[kind].has(path);
}

const CANONICAL = new Map(
  [...USER_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES, ...GROUP_ATTRIBUTES, ...COMMON_ATTRIBUTES]
    .flatMap((a) => [a.name, ...(a.subAttributes ?? []).map((s) => s.name)])
    .concat(META)
    .map((name) => [name.toLowerCase(), name] as const),
);

/**
 * A PATCH path with every attribute name spelled as the schema does (`NAME.FAMILYNAME` →
 * `name.familyName`, `EMAILS[TYPE eq "work"].VALUE` → `emails[type eq "work"].value`); quoted values,
 * operators and URNs are left alone. scim-patch matches names exactly, so an odd case would otherwise
 * write a second attribute beside the real one.
 */
export function canonicalPath(path: string): string {
  return path
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(?<![\w$])[A-Za-z$][\w$]*(?![\w$]*:)/g, (name) => CANONICAL.get(name.toLowerCase()) ?? name)))
    .join("");
}

/**
 * A full resource (POST, PUT) names its schema (RFC 7643 §3: `schemas` is required): a list of URIs
 * including the resource's core schema. Extension URNs Handoff does not know are ignored, like unknown
 * attributes.
 */
export function requireCoreSchema(body: Record<string, unknown>, kind: ResourceKind): void {
  const key = Object.keys(body).find((k) => k.toLowerCase() === "schemas");
  const schemas = key === undefined ? undefined : body[key];
  const core = kind === "User" ? URN.user : URN.group;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) throw invalidSyntax(`schemas is required: a list of schema URIs including ${core}.`);
  if (!schemas.some((s) => s.toLowerCase() === core.toLowerCase())) throw invalidValue(`schemas must include ${core}.`);
}
