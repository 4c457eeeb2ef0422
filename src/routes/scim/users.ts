import type { Hono } from "hono";
import { listResponse } from "../../domain/scim/discovery.js";
import { scimJson } from "../../http/scim/body.js";
import type { AppEnv } from "../../http/env.js";
import { teamOf } from "../../http/auth.js";
import { getScimUser, listScimUsers } from "../../services/scim/user-read.js";
import { scimBase } from "./base.js";
import { listQuery, projector } from "./query.js";

export function registerScimUsers(scim: Hono<AppEnv>) {
  scim.get("/Users", async (c) => {
    const { filter, page } = listQuery(c);
    const shape = projector(c);
    const result = await listScimUsers(c.get("deps").db, teamOf(c).organizationId, filter, page, scimBase(c));
    return scimJson(c, listResponse(result.resources.map(shape), result.totalResults, result.startIndex));
  });

  scim.get("/Users/:id", async (c) => {
    const shape = projector(c);
    return scimJson(c, shape(await getScimUser(c.get("deps").db, teamOf(c).organizationId, c.req.param("id"), scimBase(c))));
  });
}
