import type { Agent } from "../../../db/schema.js";
import { newId } from "../../domain/ids.js";
import type { ActorContext, ProjectActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { paginate, type PageParams } from "../pagination.js";
import { isUniqueViolation } from "../unique-violation.js";
import { change } from "../unit-of-work.js";

const taken = (identifier: string) =>
  new DomainError("agent_identifier_taken", `An agent with identifier "${identifier}" already exists in this project.`, {
    errors: [{ path: "identifier", message: "already used in this project" }],
  });

export function listAgents(deps: AppDeps, projectId: string, page: PageParams) {
  return paginate(deps.db.selectFrom("agents").selectAll().where("project_id", "=", projectId), page);
}

/** An agent of the caller's project; any other id (another project, another organization) is a 404. */
export async function findAgent(db: Executor, projectId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<Agent> {
  let query = db.selectFrom("agents").selectAll().where("project_id", "=", projectId).where("id", "=", id);
  if (opts.forUpdate) query = query.forUpdate();
  const agent = await query.executeTakeFirst();
  if (!agent) throw new DomainError("not_found", `No agent ${id} in this project.`);
  return agent;
}

export async function findDefaultAgent(db: Executor, projectId: string): Promise<Agent | undefined> {
  return db
    .selectFrom("agents")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("is_default", "=", true)
    .executeTakeFirst();
}

export async function createAgent(deps: AppDeps, ctx: ActorContext<ProjectActor>, input: { name: string; identifier: string }): Promise<Agent> {
  const actor = ctx.actor;
  return change(deps, ctx, {}, async ({ trx, now, audit }) => {
    const agent = await trx
      .insertInto("agents")
      .values({
        id: newId("agent"),
        organization_id: actor.organizationId,
        project_id: actor.projectId,
        name: input.name,
        identifier: input.identifier,
        is_default: false,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["project_id", "identifier"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!agent) throw taken(input.identifier);
    await audit("agent.created", { type: "agent", id: agent.id }, { projectId: actor.projectId, identifier: agent.identifier });
    return agent;
  });
}

export async function updateAgent(
  deps: AppDeps,
  ctx: ActorContext<ProjectActor>,
  id: string,
  changes: { name?: string | undefined; identifier?: string | undefined },
): Promise<Agent> {
  const actor = ctx.actor;
  try {
    return await change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
      // Locked, so a concurrent delete either waits for this update or leaves a clean 404, never a 500.
      const agent = await findAgent(trx, actor.projectId, id, { forUpdate: true });
      if (agent.is_default && changes.identifier !== undefined && changes.identifier !== agent.identifier) {
        throw new DomainError("default_agent_protected", "The default agent can be renamed but keeps its identifier.", {
          errors: [{ path: "identifier", message: "cannot change on the default agent" }],
        });
      }
      const updated = await trx
        .updateTable("agents")
        .set({ ...(changes.name !== undefined && { name: changes.name }), ...(changes.identifier !== undefined && { identifier: changes.identifier }), updated_at: now })
        .where("id", "=", agent.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit("agent.updated", { type: "agent", id: agent.id }, {
        fields: Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined),
      });
      // Cached GET /v1/me answers name the agent.
      invalidate({ projects: [actor.projectId] });
      return updated;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(changes.identifier ?? "");
    throw err;
  }
}

/** Deletes an agent and revokes the keys bound to it: a deleted identity must not keep working. */
export async function deleteAgent(deps: AppDeps, ctx: ActorContext<ProjectActor>, id: string): Promise<void> {
  const actor = ctx.actor;
  await change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
    // Locked first: a key being created for this agent (which holds it FOR SHARE) commits before
    // the revocation below reads the keys, or sees the agent gone.
    const agent = await findAgent(trx, actor.projectId, id, { forUpdate: true });
    if (agent.is_default) throw new DomainError("default_agent_protected", "The default agent cannot be deleted; rename it instead.");
    const revoked = await trx
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("agent_id", "=", agent.id)
      .where("revoked_at", "is", null)
      .returning("id")
      .execute();
    await trx.deleteFrom("agents").where("id", "=", agent.id).execute();
    const revokedKeyIds = revoked.map((r) => r.id);
    await audit("agent.deleted", { type: "agent", id: agent.id }, { projectId: actor.projectId, revokedKeyIds });
    invalidate({ keys: revokedKeyIds, projects: [actor.projectId] });
  });
}
