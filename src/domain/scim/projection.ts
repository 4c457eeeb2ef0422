import { ScimError } from "./errors.js";
import { URN } from "./schemas.js";

/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): a resource trimmed to what the
 * client asked for. `id` and `schemas` are always returned. Paths are case-insensitive and may name a
 * sub-attribute (`name.givenName`, `emails.value`) or carry a schema URN
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, or the URN alone).
 */
const ALWAYS = new Set(["id", "schemas"]);
const MAX_PATHS = 50;

/** A path as the keys it walks: [attribute] or [attribute, sub-attribute]; an extension URN is one key. */
function segments(path: string): string[] {
  let p = path.trim();
  for (const urn of [URN.user, URN.group]) {
    if (p.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) p = p.slice(urn.length + 1);
  }
  if (p.toLowerCase() === URN.enterprise.toLowerCase()) return [URN.enterprise];
  if (p.toLowerCase().startsWith(`${URN.enterprise.toLowerCase()}:`)) return [URN.enterprise, ...p.slice(URN.enterprise.length + 1).split(".")];
  if (!/^[A-Za-z$][\w$-]*(\.[A-Za-z$][\w$-]*)?$/.test(p)) throw new ScimError(400, "invalidPath", `"${path}" is not an attribute path.`);
  return p.split(".");
}

export function parsePaths(list: string | undefined): string[][] | undefined {
  if (list === undefined || list.trim() === "") return undefined;
  const paths = list.split(",").filter((p) => p.trim() !== "");
  if (paths.length > MAX_PATHS) throw new ScimError(400, "invalidValue", `At most ${MAX_PATHS} attribute paths.`);
  return paths.map(segments);
}

function keyOf(o: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** Copies into `out` what `path` reaches in `src`. */
function copyPath(src: Record<string, unknown>, out: Record<string, unknown>, path: string[]): void {
  const key = keyOf(src, path[0]!);
  if (key === undefined) return;
  const value = src[key];
  if (path.length === 1) {
    out[key] = value;
    return;
  }
  const rest = path.slice(1);
  if (Array.isArray(value)) {
    const existing = (Array.isArray(out[key]) ? out[key] : value.map(() => ({}))) as Record<string, unknown>[];
    value.forEach((item, i) => {
      if (item && typeof item === "object") copyPath(item as Record<string, unknown>, existing[i]!, rest);
    });
    out[key] = existing;
  } else if (value && typeof value === "object") {
    const target = (out[key] && typeof out[key] === "object" ? out[key] : {}) as Record<string, unknown>;
    copyPath(value as Record<string, unknown>, target, rest);
    out[key] = target;
  }
}

function deletePath(o: Record<string, unknown>, path: string[]): void {
  const key = keyOf(o, path[0]!);
  if (key === undefined) return;
  if (path.length === 1) {
    if (!ALWAYS.has(key)) delete o[key];
    return;
  }
  const value = o[key];
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) if (item && typeof item === "object") deletePath(item as Record<string, unknown>, path.slice(1));
}

export function project(resource: Record<string, unknown>, attributes: string[][] | undefined, excluded: string[][] | undefined): Record<string, unknown> {
  if (attributes) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
    for (const path of attributes) copyPath(resource, out, path);
    return out;
  }
  if (excluded) {
    const out = structuredClone(resource);
    for (const path of excluded) deletePath(out, path);
    return out;
  }
  return resource;
}
