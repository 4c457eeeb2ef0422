import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ScimError } from "../../domain/scim/errors.js";
import { requireScimToken } from "../../http/scim/auth.js";
import { handleScimError } from "../../http/scim/errors.js";
import type { AppEnv } from "../../http/env.js";
import type { Router } from "../../http/openapi.js";
import { SCIM_PATH } from "./base.js";
import { registerScimDiscovery } from "./discovery.js";
import { registerScimGroups } from "./groups.js";
import { registerScimUsers } from "./users.js";

/**
 * SCIM 2.0 at /scim/v2 for identity providers: its own sub-application, so every answer (errors
 * included) is application/scim+json in SCIM's shape rather than /v1's problem+json. Not in
 * /openapi.json: SCIM describes itself through its discovery endpoints (see README, "SCIM").
 */
export function registerScimRoutes(app: Router) {
  const scim = new Hono<AppEnv>();
  scim.onError(handleScimError);
  scim.use("*", (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "DELETE") return next();
    const max = c.get("deps").config.maxBodyBytes;
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw new ScimError(413, undefined, `Request bodies are limited to ${max} bytes.`);
      },
    })(c, next);
  });
  registerScimDiscovery(scim);
  for (const path of ["/Users", "/Users/*", "/Groups", "/Groups/*"]) scim.use(path, requireScimToken);
  registerScimUsers(scim);
  registerScimGroups(scim);
  // Declared unsupported in ServiceProviderConfig (bulk) or not offered (/Me: a token acts for an
  // organization, not a person; POST .search): RFC 7644 §3.4.3, §3.7, §3.11 answer 501 for those.
  for (const path of ["/Bulk", "/Me", "/Me/*", "/.search", "/Users/.search", "/Groups/.search"]) {
    scim.all(path, () => {
      throw new ScimError(501, undefined, "Not implemented: Handoff serves /Users and /Groups (see /ServiceProviderConfig); bulk, /Me and POST .search are not supported.");
    });
  }
  scim.all("*", () => {
    throw new ScimError(404, undefined, "No such SCIM endpoint: there are /Users, /Groups, /ServiceProviderConfig, /ResourceTypes and /Schemas.");
  });
  app.route(SCIM_PATH, scim);
}
