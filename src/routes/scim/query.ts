import type { Context } from "hono";
import type { Filter } from "scim2-parse-filter";
import { MAX_RESULTS } from "../../domain/scim/discovery.js";
import { invalidValue } from "../../domain/scim/errors.js";
import type { ResourceKind } from "../../domain/scim/attribute-names.js";
import { parseFilter } from "../../domain/scim/filter.js";
import { parsePaths, project } from "../../domain/scim/projection.js";
import type { AppEnv } from "../../http/env.js";
import type { PageRequest } from "../../services/scim/paging.js";

/** The default page when `count` is absent, and MAX_RESULTS (ServiceProviderConfig filter.maxResults) at most. */
const DEFAULT_COUNT = 100;

function integer(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^-?\d{1,9}$/.test(raw.trim())) throw invalidValue(`${name} must be an integer.`);
  return Number(raw);
}

/** A list request's query: filter, paging (startIndex below 1 reads as 1; count clamped to 0..MAX_RESULTS). */
export function listQuery(c: Context<AppEnv>, kind: ResourceKind): { filter: Filter | undefined; page: PageRequest } {
  const filterText = c.req.query("filter");
  const startIndex = Math.max(1, integer(c.req.query("startIndex"), "startIndex") ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, integer(c.req.query("count"), "count") ?? DEFAULT_COUNT));
  return { filter: filterText ? parseFilter(filterText, kind) : undefined, page: { startIndex, count } };
}

/** `attributes` / `excludedAttributes` applied to one resource (GET, and what POST, PUT, PATCH answer). */
export function projector(c: Context<AppEnv>): (r: Record<string, unknown>) => Record<string, unknown> {
  const attributes = parsePaths(c.req.query("attributes"));
  const excluded = parsePaths(c.req.query("excludedAttributes"));
  return (r) => project(r, attributes, excluded);
}
