import type { Hono } from "hono";
import { contextOf } from "../../domain/actors.js";
import { listResponse } from "../../domain/scim/discovery.js";
import { readScimBody, scimJson } from "../../http/scim/body.js";
import type { AppEnv } from "../../http/env.js";
import { teamOf } from "../../http/auth.js";
import { createScimGroup, deleteScimGroup, getScimGroup, listScimGroups, patchScimGroup, replaceScimGroup } from "../../services/scim/groups.js";
import { resourceId, scimBase } from "./base.js";
import { listQuery, projector } from "./query.js";

/** /Groups: list, read, create, replace, patch (200 with the group), delete (204). */
export function registerScimGroups(scim: Hono<AppEnv>) {
  scim.get("/Groups", async (c) => {
    const { filter, page } = listQuery(c, "Group");
    const shape = projector(c);
    const result = await listScimGroups(c.get("deps").db, teamOf(c).organizationId, filter, page, scimBase(c));
    return scimJson(c, listResponse(result.resources.map(shape), result.totalResults, result.startIndex));
  });

  scim.get("/Groups/:id", async (c) => {
    const shape = projector(c);
    return scimJson(c, shape(await getScimGroup(c.get("deps").db, teamOf(c).organizationId, resourceId(c), scimBase(c))));
  });

  scim.post("/Groups", async (c) => {
    const shape = projector(c);
    const body = await readScimBody(c);
    const group = await createScimGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), body, scimBase(c));
    return scimJson(c, shape(group), 201, { location: (group.meta as { location: string }).location });
  });

  scim.put("/Groups/:id", async (c) => {
    const shape = projector(c);
    const body = await readScimBody(c);
    return scimJson(c, shape(await replaceScimGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), resourceId(c), body, scimBase(c))));
  });

  scim.patch("/Groups/:id", async (c) => {
    const shape = projector(c);
    const body = await readScimBody(c);
    return scimJson(c, shape(await patchScimGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), resourceId(c), body, scimBase(c))));
  });

  scim.delete("/Groups/:id", async (c) => {
    await deleteScimGroup(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), resourceId(c));
    return c.body(null, 204);
  });
}
