import { sql } from "kysely";
import type { Filter } from "scim2-parse-filter";
import { ScimError } from "../../domain/scim/errors.js";
import { matcher, pinnedValue } from "../../domain/scim/filter.js";
import { toUserResource, type UserSource } from "../../domain/scim/user-resource.js";
import type { Executor } from "../db-types.js";
import { keysetBeyond } from "../pagination.js";
import { scanPage, type Page, type PageRequest } from "./paging.js";

/** Every member of the organization, with what an identity provider wrote about them, if anything. */
function userQuery(db: Executor, organizationId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("scim_users as s", (j) => j.onRef("s.organization_id", "=", "m.organization_id").onRef("s.user_id", "=", "m.user_id"))
    .select([
      "m.user_id",
      "m.state",
      "m.created_at",
      "m.joined_at",
      "m.confirmed_at",
      "m.suspended_at",
      "u.email",
      "u.name",
      "s.user_name",
      "s.external_id",
      "s.attributes",
      "s.updated_at as scim_updated_at",
      sql<{ id: string; name: string }[]>`coalesce((
        select jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) order by g.name)
        from group_members gm join groups g on g.id = gm.group_id
        where gm.organization_id = m.organization_id and gm.user_id = m.user_id
      ), '[]'::jsonb)`.as("groups"),
    ])
    .where("m.organization_id", "=", organizationId);
}

type Row = Awaited<ReturnType<ReturnType<typeof userQuery>["executeTakeFirstOrThrow"]>>;

function latest(...dates: (Date | null)[]): Date {
  return new Date(Math.max(...dates.filter((d): d is Date => d !== null).map((d) => d.getTime())));
}

function toSource(r: Row): UserSource {
  return {
    userId: r.user_id,
    email: r.email,
    name: r.name,
    state: r.state,
    createdAt: r.created_at,
    changedAt: latest(r.created_at, r.joined_at, r.confirmed_at, r.suspended_at),
    groups: r.groups,
    scim:
      r.user_name !== null && r.scim_updated_at !== null
        ? { userName: r.user_name, externalId: r.external_id, attributes: (r.attributes ?? {}) as Record<string, unknown>, updatedAt: r.scim_updated_at }
        : null,
  };
}

export async function getScimUser(db: Executor, organizationId: string, userId: string, base: string): Promise<Record<string, unknown>> {
  const row = await userQuery(db, organizationId).where("m.user_id", "=", userId).executeTakeFirst();
  if (!row) throw new ScimError(404, undefined, `No user ${userId} in this organization.`);
  return toUserResource(toSource(row), base);
}

/**
 * A page of the filtered members. A filter pinning userName, externalId or id (what identity providers
 * send to match a person) is answered from the index; any other filter reads the members in bounded
 * batches, so memory stays flat whatever the organization's size.
 */
export async function listScimUsers(db: Executor, organizationId: string, filter: Filter | undefined, page: PageRequest, base: string): Promise<Page> {
  let query = userQuery(db, organizationId);
  const userName = filter && pinnedValue(filter, "userName");
  const externalId = filter && pinnedValue(filter, "externalId");
  const id = filter && pinnedValue(filter, "id");
  if (userName !== undefined) query = query.where(sql<string>`lower(coalesce(s.user_name, u.email))`, "=", userName.toLowerCase());
  if (externalId !== undefined) query = query.where("s.external_id", "=", externalId);
  if (id !== undefined) query = query.where("m.user_id", "=", id);
  const test = filter ? matcher(filter) : () => true;
  return scanPage(
    (after, limit) => {
      let q = query;
      if (after) q = q.where(keysetBeyond(["m.created_at", "m.user_id"], ">", after));
      return q
        .orderBy("m.created_at")
        .orderBy("m.user_id")
        .limit(limit)
        .execute()
        .then((rows) => rows.map((r) => ({ cursor: { createdAt: r.created_at, id: r.user_id }, resource: toUserResource(toSource(r), base) })));
    },
    test,
    page,
  );
}
