import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { ScimError } from "../../domain/scim/errors.js";

export const SCIM_PATH = "/scim/v2";

/** The SCIM base URL resources' `location` and `$ref` use: PUBLIC_URL + /scim/v2. */
export function scimBase(c: Context<AppEnv>): string {
  return `${c.get("deps").config.publicUrl}${SCIM_PATH}`;
}

/** A resource id from the path: Handoff's ids are short and plain; anything else is unknown (404), never a query. */
export function resourceId(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ScimError(404, undefined, "No such resource in this organization.");
  return id;
}
