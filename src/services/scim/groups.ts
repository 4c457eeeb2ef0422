import { sql } from "kysely";
import type { Filter } from "scim2-parse-filter";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { invalidValue, ScimError } from "../../domain/scim/errors.js";
import { matcher, pinnedValue } from "../../domain/scim/filter.js";
import { requireCoreSchema } from "../../domain/scim/attribute-names.js";
import { readGroupInput, toGroupResource, type GroupInput, type GroupSource } from "../../domain/scim/group-resource.js";
import { applyPatch, readPatchOperations } from "../../domain/scim/patch.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { keysetBeyond } from "../pagination.js";
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from "../groups/groups.js";
import { change, type Unit } from "../unit-of-work.js";
import { scanPage, type Page, type PageRequest } from "./paging.js";

/**
 * /Groups: Handoff's groups, their members by user id. Every change goes through the group services
 * (audit events, the raise-of-privilege mark when a member gains a group's permissions).
 */
type Ctx = ActorContext<TeamActor>;

function groupQuery(db: Executor, organizationId: string) {
  return db
    .selectFrom("groups as g")
    .select([
      "g.id",
      "g.name",
      "g.external_id",
      "g.created_at",
      "g.updated_at",
      sql<GroupSource["members"]>`coalesce((
        select jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email) order by gm.created_at, u.id)
        from group_members gm join users u on u.id = gm.user_id
        where gm.group_id = g.id
      ), '[]'::jsonb)`.as("members"),
    ])
    .where("g.organization_id", "=", organizationId);
}

type Row = Awaited<ReturnType<ReturnType<typeof groupQuery>["executeTakeFirstOrThrow"]>>;

const toSource = (r: Row): GroupSource => ({ id: r.id, name: r.name, externalId: r.external_id, createdAt: r.created_at, updatedAt: r.updated_at, members: r.members });

export async function getScimGroup(db: Executor, organizationId: string, id: string, base: string): Promise<Record<string, unknown>> {
  const row = await groupQuery(db, organizationId).where("g.id", "=", id).executeTakeFirst();
  if (!row) throw new ScimError(404, undefined, `No group ${id} in this organization.`);
  return toGroupResource(toSource(row), base);
}

/** A page of the filtered groups (displayName, externalId and id filters use the index). */
export async function listScimGroups(db: Executor, organizationId: string, filter: Filter | undefined, page: PageRequest, base: string): Promise<Page> {
  let query = groupQuery(db, organizationId);
  const displayName = filter && pinnedValue(filter, "displayName");
  const externalId = filter && pinnedValue(filter, "externalId");
  const id = filter && pinnedValue(filter, "id");
  if (displayName !== undefined) query = query.where(sql<string>`lower(g.name)`, "=", displayName.toLowerCase());
  if (externalId !== undefined) query = query.where("g.external_id", "=", externalId);
  if (id !== undefined) query = query.where("g.id", "=", id);
  const test = filter ? matcher(filter) : () => true;
  return scanPage(
    (after, limit) => {
      let q = query;
      if (after) q = q.where(keysetBeyond(["g.created_at", "g.id"], ">", after));
      return q
        .orderBy("g.created_at")
        .orderBy("g.id")
        .limit(limit)
        .execute()
        .then((rows) => rows.map((r) => ({ cursor: { createdAt: r.created_at, id: r.id }, resource: toGroupResource(toSource(r), base) })));
    },
    test,
    page,
  );
}

/** A member the identity provider names must be a member of this organization: else 400 invalidValue. */
async function add(deps: AppDeps, ctx: Ctx, unit: Unit, groupId: string, userId: string) {
  try {
    await addGroupMember(deps, ctx, groupId, userId, { within: unit });
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") throw invalidValue(`members: ${userId} is not a user of this organization.`);
    throw err;
  }
}

/** Brings the group to `input`: name, externalId, and exactly these members. */
async function applyGroup(deps: AppDeps, ctx: Ctx, unit: Unit, groupId: string, before: { name: string; externalId: string | null; memberIds: string[] }, input: GroupInput) {
  if (input.displayName !== before.name) await updateGroup(deps, ctx, groupId, { name: input.displayName }, { within: unit });
  if (input.externalId !== before.externalId) {
    await unit.trx.updateTable("groups").set({ external_id: input.externalId, updated_at: unit.now }).where("id", "=", groupId).execute();
    await unit.audit("group.updated", { type: "group", id: groupId }, { externalId: { from: before.externalId, to: input.externalId } });
  }
  const wanted = new Set(input.memberIds);
  const had = new Set(before.memberIds);
  for (const userId of before.memberIds) if (!wanted.has(userId)) await removeGroupMember(deps, ctx, groupId, userId, { within: unit });
  for (const userId of input.memberIds) if (!had.has(userId)) await add(deps, ctx, unit, groupId, userId);
  // meta.lastModified (RFC 7643 §3.1) follows membership too: identity providers compare it to skip unchanged groups.
  const changedMembers = input.memberIds.some((id) => !had.has(id)) || before.memberIds.some((id) => !wanted.has(id));
  if (changedMembers) await unit.trx.updateTable("groups").set({ updated_at: unit.now }).where("id", "=", groupId).execute();
}

export async function createScimGroup(deps: AppDeps, ctx: Ctx, body: Record<string, unknown>, base: string) {
  requireCoreSchema(body, "Group");
  const input = readGroupInput(body);
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    const group = await createGroup(deps, ctx, { name: input.displayName, permissions: [] }, { within: unit });
    await applyGroup(deps, ctx, unit, group.id, { name: group.name, externalId: null, memberIds: [] }, input);
    return getScimGroup(unit.trx, organizationId, group.id, base);
  });
}

async function writeGroup(deps: AppDeps, ctx: Ctx, id: string, base: string, next: (current: Record<string, unknown>) => GroupInput) {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    const locked = await unit.trx.selectFrom("groups").select("id").where("organization_id", "=", organizationId).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!locked) throw new ScimError(404, undefined, `No group ${id} in this organization.`);
    const current = await getScimGroup(unit.trx, organizationId, id, base);
    const members = ((current.members as { value: string }[] | undefined) ?? []).map((m) => m.value);
    const input = next(current);
    await applyGroup(deps, ctx, unit, id, { name: current.displayName as string, externalId: (current.externalId as string | undefined) ?? null, memberIds: members }, input);
    return getScimGroup(unit.trx, organizationId, id, base);
  });
}

export function replaceScimGroup(deps: AppDeps, ctx: Ctx, id: string, body: Record<string, unknown>, base: string) {
  requireCoreSchema(body, "Group");
  const input = readGroupInput(body);
  return writeGroup(deps, ctx, id, base, () => input);
}

/** PATCH /Groups/{id}: add/remove members (Entra's `members[value eq "…"]` and value lists), rename. */
export function patchScimGroup(deps: AppDeps, ctx: Ctx, id: string, body: Record<string, unknown>, base: string) {
  const operations = readPatchOperations(body);
  return writeGroup(deps, ctx, id, base, (current) => readGroupInput(applyPatch(current, operations)));
}

export async function deleteScimGroup(deps: AppDeps, ctx: Ctx, id: string): Promise<void> {
  try {
    await deleteGroup(deps, ctx, id);
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") throw new ScimError(404, undefined, `No group ${id} in this organization.`);
    throw err;
  }
}
