import type { ActorContext, Person, TeamActor } from "../domain/actors.js";
import { DomainError } from "../domain/errors.js";
import { newId } from "../domain/ids.js";
import { actorMayAct, ownerRequired } from "../domain/membership-guards.js";
import type { AppDeps } from "../deps.js";
import { insertBuiltinGroups } from "./groups/builtin.js";
import { enforce, guardActorOf } from "./team/standing.js";
import { change } from "./unit-of-work.js";

export type OrganizationView = { id: string; name: string; createdAt: Date };

/** A person starts an organization of their own and becomes its owner (unless the operator turned it off). */
export async function createOwnOrganization(deps: AppDeps, ctx: ActorContext<Person>, input: { name: string }): Promise<OrganizationView> {
  if (!deps.config.selfServiceOrganizations) {
    throw new DomainError("self_service_disabled", "Ask an operator or an organization's admin for an invitation.");
  }
  const id = newId("organization");
  return change(deps, { ...ctx, organizationId: id }, {}, async (unit) => {
    const user = await unit.trx.selectFrom("users").select("id").where("id", "=", ctx.actor.userId).where("status", "=", "active").executeTakeFirst();
    if (!user) throw new DomainError("session_required", "Your account is not active.");
    await unit.trx.insertInto("organizations").values({ id, name: input.name, created_at: unit.now, updated_at: unit.now }).execute();
    await insertBuiltinGroups(unit.trx, id, unit.now);
    await unit.trx
      .insertInto("memberships")
      .values({ organization_id: id, user_id: ctx.actor.userId, role: "owner", state: "active", created_at: unit.now, joined_at: unit.now, confirmed_at: unit.now })
      .execute();
    await unit.audit("organization.created", { type: "organization", id }, { name: input.name, ownerUserId: ctx.actor.userId, privilegeRaise: true });
    return { id, name: input.name, createdAt: unit.now };
  });
}

/** Owners (and the organization's admin key) rename their organization. */
export async function renameOrganization(deps: AppDeps, ctx: ActorContext<TeamActor>, name: string): Promise<OrganizationView> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    const actor = await guardActorOf(unit.trx, ctx.actor);
    enforce(actorMayAct(actor) ?? ownerRequired(actor, "owner"));
    const before = await unit.trx.selectFrom("organizations").select("name").where("id", "=", organizationId).forUpdate().executeTakeFirst();
    if (!before) throw new DomainError("not_found", "No such organization.");
    const row = await unit.trx
      .updateTable("organizations")
      .set({ name, updated_at: unit.now })
      .where("id", "=", organizationId)
      .returning(["id", "name", "created_at"])
      .executeTakeFirstOrThrow();
    if (before.name !== name) await unit.audit("organization.renamed", { type: "organization", id: organizationId }, { from: before.name, to: name });
    return { id: row.id, name: row.name, createdAt: row.created_at };
  });
}
