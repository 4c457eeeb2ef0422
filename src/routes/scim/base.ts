import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";

export const SCIM_PATH = "/scim/v2";

/** The SCIM base URL resources' `location` and `$ref` use: PUBLIC_URL + /scim/v2. */
export function scimBase(c: Context<AppEnv>): string {
  return `${c.get("deps").config.publicUrl}${SCIM_PATH}`;
}
