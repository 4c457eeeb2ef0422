import type { Hono } from "hono";
import { ScimError } from "../../domain/scim/errors.js";
import { listResponse, resourceTypes, schemaDocuments, serviceProviderConfig } from "../../domain/scim/discovery.js";
import { scimJson } from "../../http/scim/body.js";
import type { AppEnv } from "../../http/env.js";
import { limitClientMiddleware as limited } from "../../http/api-rate-limit.js";
import { scimBase } from "./base.js";

/**
 * The discovery endpoints (RFC 7644 §4). They describe the server, not a tenant, so they answer
 * without a token (some identity providers probe them before the token is entered); they count
 * against the caller's address like every keyless call.
 */
export function registerScimDiscovery(scim: Hono<AppEnv>) {
  scim.get("/ServiceProviderConfig", limited, (c) => scimJson(c, serviceProviderConfig(scimBase(c))));

  scim.get("/ResourceTypes", limited, (c) => {
    const all = resourceTypes(scimBase(c));
    return scimJson(c, listResponse(all, all.length, 1));
  });
  scim.get("/ResourceTypes/:id", limited, (c) => {
    const found = resourceTypes(scimBase(c)).find((r) => r.id === c.req.param("id"));
    if (!found) throw new ScimError(404, undefined, `No resource type ${c.req.param("id")}; there are User and Group.`);
    return scimJson(c, found);
  });

  scim.get("/Schemas", limited, (c) => {
    const all = schemaDocuments(scimBase(c));
    return scimJson(c, listResponse(all, all.length, 1));
  });
  scim.get("/Schemas/:id", limited, (c) => {
    const id = c.req.param("id");
    const found = schemaDocuments(scimBase(c)).find((s) => s.id.toLowerCase() === id.toLowerCase());
    if (!found) throw new ScimError(404, undefined, `No schema ${id}.`);
    return scimJson(c, found);
  });
}
