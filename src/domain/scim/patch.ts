import { scimPatch, ScimError as PatchError, type ScimPatchOperation, type ScimResource } from "scim-patch";
import { invalidSyntax, invalidValue, ScimError, type ScimType } from "./errors.js";
import { canonicalPath } from "./attribute-names.js";
import { URN } from "./schemas.js";

/**
 * PATCH (RFC 7644 §3.5.2), applied by scim-patch to the resource as SCIM shows it; the result is then
 * read back like a PUT body, so PATCH and PUT share one path to storage. Accepted as identity providers
 * send it: op names in any case (Entra's "Replace"), add/replace without a path (Okta's
 * `{"op":"replace","value":{"active":false}}`, and value keys that are paths such as `name.givenName`),
 * whole-URN paths (`urn:…:enterprise:2.0:User:department`), value filters (`emails[type eq "work"]`,
 * `members[value eq "…"]`), and removal of listed values (`"path":"members","value":[{"value":"…"}]`).
 */
export const MAX_OPERATIONS = 100;
const OPS = new Set(["add", "remove", "replace"]);

export function readPatchOperations(body: Record<string, unknown>): ScimPatchOperation[] {
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(URN.patchOp))) {
    throw invalidSyntax(`A PATCH body's schemas must include ${URN.patchOp}.`);
  }
  const ops = body.Operations ?? body.operations;
  if (!Array.isArray(ops) || ops.length === 0) throw invalidSyntax("A PATCH body needs a non-empty Operations list.");
  if (ops.length > MAX_OPERATIONS) throw new ScimError(400, "tooMany", `At most ${MAX_OPERATIONS} operations per PATCH.`);
  return ops.flatMap((raw, i) => expandValueRemoval(readOperation(raw, i)));
}

/**
 * `{"op":"remove","path":"members","value":[{"value":"u1"}]}` (Entra, and RFC 7644's own example) removes
 * the listed values; scim-patch compares whole objects, which never match the `display`/`$ref` a group's
 * members carry, so each listed value becomes a removal by filter: `members[value eq "u1"]`.
 */
function expandValueRemoval(op: ScimPatchOperation): ScimPatchOperation[] {
  if (op.op !== "remove" || !("value" in op) || !Array.isArray(op.value) || !op.path || op.path.includes("[")) return [op];
  const items = op.value as unknown[];
  if (!items.every((v) => v && typeof v === "object" && typeof (v as { value?: unknown }).value === "string")) return [op];
  return items.map((v) => ({ op: "remove", path: `${op.path}[value eq ${JSON.stringify((v as { value: string }).value)}]` }));
}

function readOperation(raw: unknown, i: number): ScimPatchOperation {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalidSyntax(`Operations[${i}] must be an object.`);
  const o = raw as Record<string, unknown>;
  const op = typeof o.op === "string" ? o.op.toLowerCase() : "";
  if (!OPS.has(op)) throw invalidSyntax(`Operations[${i}].op must be add, remove or replace.`);
  if (o.path !== undefined && (typeof o.path !== "string" || o.path.length > 500)) throw new ScimError(400, "invalidPath", `Operations[${i}].path must be a path of at most 500 characters.`);
  const path = typeof o.path === "string" && o.path.trim() !== "" ? canonicalPath(stripCoreUrn(o.path.trim())) : undefined;
  if (op === "remove") {
    if (!path) throw new ScimError(400, "noTarget", `Operations[${i}]: remove needs a path.`);
    return o.value === undefined ? { op, path } : ({ op, path, value: o.value } as ScimPatchOperation);
  }
  if (o.value === undefined) throw invalidValue(`Operations[${i}]: ${op} needs a value.`);
  if (!path && (o.value === null || typeof o.value !== "object" || Array.isArray(o.value))) {
    throw invalidValue(`Operations[${i}]: without a path, the value must be an object of attributes.`);
  }
  return (path ? { op, path, value: o.value } : { op, value: withoutCoreUrnKeys(o.value as Record<string, unknown>) }) as ScimPatchOperation;
}

/** `urn:…:core:2.0:User:displayName` is the top-level `displayName`. */
function stripCoreUrn(path: string): string {
  for (const urn of [URN.user, URN.group]) {
    if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) return path.slice(urn.length + 1);
  }
  return path;
}

function withoutCoreUrnKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // A whole core-schema object (`"urn:…:core:2.0:User": {…}`) is its attributes at the top level.
    if ([URN.user, URN.group].some((u) => u.toLowerCase() === k.toLowerCase()) && v && typeof v === "object" && !Array.isArray(v)) Object.assign(out, v);
    else out[canonicalPath(stripCoreUrn(k))] = v;
  }
  return out;
}

/** The resource's key for an extension named by `path` as a whole (any case), if it is one. */
function extensionKey(doc: Record<string, unknown>, path: string): string | undefined {
  if (path.toLowerCase() !== URN.enterprise.toLowerCase()) return undefined;
  return Object.keys(doc).find((k) => k.toLowerCase() === path.toLowerCase()) ?? URN.enterprise;
}

const SCIM_TYPES = new Set<ScimType>(["invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue"]);

/** Applies the operations to a copy of `resource`; the library's refusals become SCIM 400s with its scimType. */
export function applyPatch(resource: Record<string, unknown>, operations: ScimPatchOperation[]): Record<string, unknown> {
  let doc = structuredClone(resource) as unknown as ScimResource;
  try {
    for (const op of operations) {
      // Removing a whole extension (`"path": "urn:…:enterprise:2.0:User"`) is a no-op in scim-patch: done here.
      const urn = op.op === "remove" && op.path ? extensionKey(doc as unknown as Record<string, unknown>, op.path) : undefined;
      if (urn !== undefined) delete (doc as unknown as Record<string, unknown>)[urn];
      else doc = scimPatch(doc, [op], { mutateDocument: true, treatMissingAsAdd: true });
    }
    return doc as unknown as Record<string, unknown>;
  } catch (err) {
    if (err instanceof PatchError) {
      const type = err.scimCode as ScimType | undefined;
      throw new ScimError(400, type && SCIM_TYPES.has(type) ? type : "invalidValue", err.message);
    }
    if (err instanceof Error && !(err instanceof ScimError)) throw new ScimError(400, "invalidValue", `The PATCH could not be applied: ${err.message}`);
    throw err;
  }
}
