import { parse, Tester, type Filter } from "scim2-parse-filter";
import { ScimError } from "./errors.js";
import { isKnownPath, type ResourceKind } from "./attribute-names.js";
import { CASE_EXACT_PATHS, URN } from "./schemas.js";

/**
 * SCIM filters (RFC 7644 §3.4.2.2): parsed by scim2-parse-filter into its AST, then evaluated against
 * the SCIM representation of each resource. The library's own tester compares strings exactly; SCIM
 * says most attributes compare case-insensitively (caseExact false), so the tester below lower-cases
 * both sides except for the case-exact attributes (id, externalId, member and group values).
 */
export const MAX_FILTER_LENGTH = 2000;

export function parseFilter(text: string, kind: ResourceKind): Filter {
  if (text.length > MAX_FILTER_LENGTH) throw new ScimError(400, "invalidFilter", `A filter is at most ${MAX_FILTER_LENGTH} characters.`);
  // PostgreSQL refuses NUL in text (a 500 if it reached a query); an unpaired surrogate cannot be encoded.
  if (/[\u0000\p{Cs}]/u.test(text)) throw new ScimError(400, "invalidFilter", "A filter must not contain NUL characters or unpaired surrogates.");
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (err) {
    throw new ScimError(400, "invalidFilter", `The filter is not valid: ${err instanceof Error ? err.message : "syntax error"}.`);
  }
  const filter = withoutCoreUrn(ast);
  assertKnownAttributes(filter, kind, "");
  return filter;
}

/** Every attribute a filter compares must exist (RFC 7644 §3.4.2.2: else 400 invalidFilter, never an empty match). */
function assertKnownAttributes(f: Filter, kind: ResourceKind, prefix: string): void {
  switch (f.op) {
    case "and":
    case "or":
      return f.filters.forEach((g) => assertKnownAttributes(g, kind, prefix));
    case "not":
      return assertKnownAttributes(f.filter, kind, prefix);
    case "[]": {
      const path = plainPath(prefix, f.attrPath);
      if (!isKnownPath(kind, path)) throw unknownAttribute(f.attrPath, kind);
      return assertKnownAttributes(f.valFilter, kind, path);
    }
    default:
      if (!isKnownPath(kind, plainPath(prefix, f.attrPath))) throw unknownAttribute(f.attrPath, kind);
  }
}

const unknownAttribute = (path: string, kind: ResourceKind) =>
  new ScimError(400, "invalidFilter", `The filter names ${path}, which is not an attribute of a ${kind} (see /Schemas).`);

/** `urn:…:core:2.0:User:userName` names the same attribute as `userName` (core attributes are top-level). */
function withoutCoreUrn(f: Filter): Filter {
  switch (f.op) {
    case "and":
    case "or":
      return { ...f, filters: f.filters.map(withoutCoreUrn) };
    case "not":
      return { ...f, filter: withoutCoreUrn(f.filter) };
    case "[]":
      return { ...f, attrPath: stripCore(f.attrPath), valFilter: withoutCoreUrn(f.valFilter) };
    default:
      return { ...f, attrPath: stripCore(f.attrPath) };
  }
}

function stripCore(path: string): string {
  for (const urn of [URN.user, URN.group]) {
    if (path.length > urn.length && path.slice(0, urn.length + 1).toLowerCase() === `${urn}:`.toLowerCase()) return path.slice(urn.length + 1);
  }
  return path;
}

/** The attribute path a comparison reads, without an extension's URN, lower-cased: `emails.value`. */
function plainPath(prefix: string, attrPath: string): string {
  const i = attrPath.lastIndexOf(":");
  const local = (i === -1 ? attrPath : attrPath.slice(i + 1)).toLowerCase();
  return prefix ? `${prefix}.${local}` : local;
}

type Comparable = string | number | boolean | null;

class ScimTester extends Tester {
  /** Whether the comparison being made is on a case-exact attribute. */
  private exact = false;
  /** Inside `emails[…]`: the multi-valued attribute's name, so `value` reads as `emails.value`. */
  private prefix = "";

  override test(r: unknown, f: Filter): boolean {
    if (f.op === "[]") {
      const outer = this.prefix;
      this.prefix = plainPath(outer, f.attrPath);
      try {
        return super.test(r, f);
      } finally {
        this.prefix = outer;
      }
    }
    if ("attrPath" in f) this.exact = CASE_EXACT_PATHS.has(plainPath(this.prefix, f.attrPath));
    return super.test(r, f);
  }

  private fold(v: Comparable): Comparable {
    return typeof v === "string" && !this.exact ? v.toLowerCase() : v;
  }

  /** Present: a value that is neither null, an empty string nor an empty list (RFC 7644 §3.4.2.2). */
  override pr(r: unknown): boolean {
    return r !== undefined && r !== null && r !== "" && !(Array.isArray(r) && r.length === 0);
  }
  override eq(r: Comparable, v: Comparable): boolean {
    return this.fold(r) === this.fold(v);
  }
  override ne(r: Comparable, v: Comparable): boolean {
    return this.fold(r) !== this.fold(v);
  }
  override co(r: Comparable, v: Comparable): boolean {
    return typeof r === "string" && typeof v === "string" && (this.fold(r) as string).includes(this.fold(v) as string);
  }
  override sw(r: Comparable, v: Comparable): boolean {
    return typeof r === "string" && typeof v === "string" && (this.fold(r) as string).startsWith(this.fold(v) as string);
  }
  override ew(r: Comparable, v: Comparable): boolean {
    return typeof r === "string" && typeof v === "string" && (this.fold(r) as string).endsWith(this.fold(v) as string);
  }
  override gt(r: Comparable, v: Comparable): boolean {
    return ordered(r, v) && this.fold(r)! > this.fold(v)!;
  }
  override ge(r: Comparable, v: Comparable): boolean {
    return ordered(r, v) && this.fold(r)! >= this.fold(v)!;
  }
  override lt(r: Comparable, v: Comparable): boolean {
    return ordered(r, v) && this.fold(r)! < this.fold(v)!;
  }
  override le(r: Comparable, v: Comparable): boolean {
    return ordered(r, v) && this.fold(r)! <= this.fold(v)!;
  }
}

/** gt/ge/lt/le compare strings (dateTimes in ISO form order as strings) and numbers; booleans have no order. */
function ordered(r: Comparable, v: Comparable): boolean {
  return (typeof r === "string" && typeof v === "string") || (typeof r === "number" && typeof v === "number");
}

/** A predicate over SCIM representations. */
export function matcher(f: Filter): (resource: object) => boolean {
  const tester = new ScimTester();
  return (resource) => tester.test(resource, f);
}

/**
 * The value a filter pins an attribute to, when the filter is (or is an `and` of) `<attr> eq "<value>"`:
 * what identity providers send (`userName eq "…"`, `externalId eq "…"`, `displayName eq "…"`), so the
 * lookup can use an index instead of reading every member.
 */
export function pinnedValue(f: Filter, attribute: string): string | undefined {
  if (f.op === "eq" && f.attrPath.toLowerCase() === attribute.toLowerCase() && typeof f.compValue === "string") return f.compValue;
  if (f.op === "and") {
    for (const part of f.filters) {
      const v = pinnedValue(part, attribute);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}
