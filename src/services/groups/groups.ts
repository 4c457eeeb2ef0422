import { sql } from "kysely";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { actorMayAct, permissionRequired, type GuardActor } from "../../domain/membership-guards.js";
import { newId } from "../../domain/ids.js";
import { holds, isPrivilegeRaise, normalizePermissions, type Permission } from "../../domain/team-permissions.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { enforce, guardActorOf, standingIn } from "../team/standing.js";
import { change, type ChangeOptions, type Unit } from "../unit-of-work.js";
import { isUniqueViolation } from "../unique-violation.js";

export type GroupView = {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  builtin: string | null;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
};

function groupQuery(db: Executor, organizationId: string) {
  return db
    .selectFrom("groups as g")
    .selectAll("g")
    .select(sql<number>`(select count(*)::int from group_members gm where gm.group_id = g.id)`.as("member_count"))
    .where("g.organization_id", "=", organizationId);
}

type GroupRow = Awaited<ReturnType<ReturnType<typeof groupQuery>["executeTakeFirstOrThrow"]>>;

function toGroupView(g: GroupRow): GroupView {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    permissions: normalizePermissions(g.permissions as Permission[]),
    builtin: g.builtin,
    memberCount: Number(g.member_count),
    createdAt: g.created_at,
    updatedAt: g.updated_at,
  };
}

/** Every group of the organization, built-in first, then by name (an organization has few). */
export async function listGroups(db: Executor, organizationId: string): Promise<GroupView[]> {
  const rows = await groupQuery(db, organizationId).orderBy(sql`g.builtin is null`).orderBy(sql`lower(g.name)`).execute();
  return rows.map(toGroupView);
}

export async function getGroup(db: Executor, organizationId: string, id: string): Promise<GroupView> {
  const row = await groupQuery(db, organizationId).where("g.id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such group in this organization.");
  return toGroupView(row);
}

/** Nothing grants more than its giver holds: a group's permissions must all be the actor's own. */
function mayGrant(actor: GuardActor, permissions: readonly Permission[]) {
  const missing = permissions.find((p) => !holds(actor.permissions, p));
  return missing ? { code: "permission_required" as const, permission: missing } : null;
}

async function begin(unit: Unit, ctx: ActorContext<TeamActor>, grants: readonly Permission[] = []): Promise<GuardActor> {
  const actor = await guardActorOf(unit.trx, ctx.actor);
  enforce(actorMayAct(actor) ?? permissionRequired(actor, "manage_groups") ?? mayGrant(actor, grants));
  return actor;
}

async function lockGroup(unit: Unit, organizationId: string, id: string) {
  const row = await unit.trx.selectFrom("groups").selectAll().where("organization_id", "=", organizationId).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such group in this organization.");
  return row;
}

function nameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new DomainError("group_name_taken", "Choose another name: group names are unique in an organization (any case).");
  throw err;
}

export type GroupInput = { name: string; description?: string | undefined; permissions: Permission[] };

export async function createGroup(deps: AppDeps, ctx: ActorContext<TeamActor>, input: GroupInput, opts: ChangeOptions = {}): Promise<GroupView> {
  const organizationId = ctx.actor.organizationId;
  const permissions = normalizePermissions(input.permissions);
  return change(deps, ctx, opts, async (unit) => {
    await begin(unit, ctx, permissions);
    const id = newId("group");
    await unit.trx
      .insertInto("groups")
      .values({
        id,
        organization_id: organizationId,
        name: input.name,
        description: input.description ?? "",
        permissions: JSON.stringify(permissions),
        builtin: null,
        created_at: unit.now,
        updated_at: unit.now,
      })
      .execute()
      .catch(nameTaken);
    await unit.audit("group.created", { type: "group", id }, { name: input.name, permissions });
    return getGroup(unit.trx, organizationId, id);
  });
}

/**
 * Renames, describes or changes a group's permissions (built-in groups too). Permissions the group
 * gains while it has members are a raise of privilege, marked for the alerts.
 */
export async function updateGroup(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  id: string,
  patch: Partial<GroupInput>,
  opts: ChangeOptions = {},
): Promise<GroupView> {
  const organizationId = ctx.actor.organizationId;
  const permissions = patch.permissions ? normalizePermissions(patch.permissions) : undefined;
  return change(deps, ctx, opts, async (unit) => {
    await begin(unit, ctx, permissions ?? []);
    const before = await lockGroup(unit, organizationId, id);
    await unit.trx
      .updateTable("groups")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(permissions ? { permissions: JSON.stringify(permissions) } : {}),
        updated_at: unit.now,
      })
      .where("id", "=", id)
      .execute()
      .catch(nameTaken);
    const view = await getGroup(unit.trx, organizationId, id);
    const raise = permissions !== undefined && view.memberCount > 0 && isPrivilegeRaise(before.permissions, permissions);
    await unit.audit("group.updated", { type: "group", id }, {
      ...(patch.name !== undefined && patch.name !== before.name ? { name: { from: before.name, to: patch.name } } : {}),
      ...(permissions ? { permissions: { from: before.permissions, to: permissions } } : {}),
      ...(raise ? { privilegeRaise: true } : {}),
    });
    return view;
  });
}

/** Deletes a group (its members lose what it granted). Built-in groups cannot be deleted. */
export async function deleteGroup(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, opts: ChangeOptions = {}): Promise<void> {
  const organizationId = ctx.actor.organizationId;
  await change(deps, ctx, opts, async (unit) => {
    await begin(unit, ctx);
    const group = await lockGroup(unit, organizationId, id);
    if (group.builtin) throw new DomainError("builtin_group_protected", `${group.name} is built in: edit it instead.`);
    await unit.trx.deleteFrom("groups").where("id", "=", id).execute();
    await unit.audit("group.deleted", { type: "group", id }, { name: group.name });
  });
}

/**
 * Puts a member in a group (idempotent). The giver must hold every permission the group grants; a
 * member who gains a permission this way is a raise of privilege.
 */
export async function addGroupMember(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, userId: string, opts: ChangeOptions = {}): Promise<GroupView> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, opts, async (unit) => {
    const actor = await begin(unit, ctx);
    const group = await lockGroup(unit, organizationId, id);
    enforce(mayGrant(actor, group.permissions as Permission[]));
    const before = await standingIn(unit.trx, organizationId, userId);
    if (!before) throw new DomainError("not_found", "No such member in this organization.");
    const added = await unit.trx
      .insertInto("group_members")
      .values({ organization_id: organizationId, group_id: id, user_id: userId, created_at: unit.now })
      .onConflict((oc) => oc.columns(["group_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (added) {
      const raise = isPrivilegeRaise(before.permissions, group.permissions);
      await unit.audit("group.member_added", { type: "group", id }, { userId, ...(raise ? { privilegeRaise: true } : {}) });
    }
    return getGroup(unit.trx, organizationId, id);
  });
}

/** Takes a member out of a group (idempotent). */
export async function removeGroupMember(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, userId: string, opts: ChangeOptions = {}): Promise<GroupView> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, opts, async (unit) => {
    await begin(unit, ctx);
    await lockGroup(unit, organizationId, id);
    const removed = await unit.trx
      .deleteFrom("group_members")
      .where("group_id", "=", id)
      .where("user_id", "=", userId)
      .returning("user_id")
      .executeTakeFirst();
    if (removed) await unit.audit("group.member_removed", { type: "group", id }, { userId });
    return getGroup(unit.trx, organizationId, id);
  });
}
