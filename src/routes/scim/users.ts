import type { Hono } from "hono";
import { contextOf } from "../../domain/actors.js";
import { listResponse } from "../../domain/scim/discovery.js";
import { readScimBody, scimJson } from "../../http/scim/body.js";
import type { AppEnv } from "../../http/env.js";
import { teamOf } from "../../http/auth.js";
import { getScimUser, listScimUsers } from "../../services/scim/user-read.js";
import { createScimUser, deleteScimUser, patchScimUser, replaceScimUser } from "../../services/scim/users.js";
import { resourceId, scimBase } from "./base.js";
import { listQuery, projector } from "./query.js";

/** /Users (RFC 7644 §3.3–3.6): list, read, create, replace, patch (200 with the resource), delete (204). */
export function registerScimUsers(scim: Hono<AppEnv>) {
  scim.get("/Users", async (c) => {
    const { filter, page } = listQuery(c, "User");
    const shape = projector(c);
    const result = await listScimUsers(c.get("deps").db, teamOf(c).organizationId, filter, page, scimBase(c));
    return scimJson(c, listResponse(result.resources.map(shape), result.totalResults, result.startIndex));
  });

  scim.get("/Users/:id", async (c) => {
    const shape = projector(c);
    return scimJson(c, shape(await getScimUser(c.get("deps").db, teamOf(c).organizationId, resourceId(c), scimBase(c))));
  });

  scim.post("/Users", async (c) => {
    const shape = projector(c);
    const body = await readScimBody(c);
    const user = await createScimUser(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), body, scimBase(c));
    return scimJson(c, shape(user), 201, { location: (user.meta as { location: string }).location });
  });

  scim.put("/Users/:id", async (c) => {
    const shape = projector(c);
    const body = await readScimBody(c);
    return scimJson(c, shape(await replaceScimUser(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), resourceId(c), body, scimBase(c))));
  });

  scim.patch("/Users/:id", async (c) => {
    const shape = projector(c);
    const body = await readScimBody(c);
    return scimJson(c, shape(await patchScimUser(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), resourceId(c), body, scimBase(c))));
  });

  scim.delete("/Users/:id", async (c) => {
    await deleteScimUser(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), resourceId(c));
    return c.body(null, 204);
  });
}
