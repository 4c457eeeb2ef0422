import type { Agent } from "../../../db/schema.js";
import { newId } from "../../domain/ids.js";
import type { AppDeps } from "../../deps.js";
import { ApiError } from "../../http/errors.js";
import { actorOf, type ProjectActor } from "../../http/principal.js";
import { recordAudit } from "../audit.js";
import type { Executor } from "../db-types.js";
import { paginate, type PageParams } from "../pagination.js";
import { isUniqueViolation } from "../unique-violation.js";

const taken = (identifier: string) =>
  new ApiError("agent_identifier_taken", `An agent with identifier "${identifier}" already exists in this project.`, {
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
  if (!agent) throw new ApiError("not_found", `No agent ${id} in this project.`);
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

export async function createAgent(
  deps: AppDeps,
  actor: ProjectActor,
  input: { name: string; identifier: string },
  requestId: string | null,
): Promise<Agent> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
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
    await recordAudit(trx, {
      organizationId: actor.organizationId,
      actor: actorOf(actor),
      action: "agent.created",
      target: { type: "agent", id: agent.id },
      requestId,
      metadata: { projectId: actor.projectId, identifier: agent.identifier },
      at: now,
    });
    return agent;
  });
}

export async function updateAgent(
  deps: AppDeps,
  actor: ProjectActor,
  id: string,
  changes: { name?: string | undefined; identifier?: string | undefined },
  requestId: string | null,
): Promise<Agent> {
  try {
    const updated = await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      // Locked, so a concurrent delete either waits for this update or leaves a clean 404, never a 500.
      const agent = await findAgent(trx, actor.projectId, id, { forUpdate: true });
      if (agent.is_default && changes.identifier !== undefined && changes.identifier !== agent.identifier) {
        throw new ApiError("default_agent_protected", "The default agent can be renamed but keeps its identifier.", {
          errors: [{ path: "identifier", message: "cannot change on the default agent" }],
        });
      }
      const updated = await trx
        .updateTable("agents")
        .set({ ...(changes.name !== undefined && { name: changes.name }), ...(changes.identifier !== undefined && { identifier: changes.identifier }), updated_at: now })
        .where("id", "=", agent.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        organizationId: actor.organizationId,
        actor: actorOf(actor),
        action: "agent.updated",
        target: { type: "agent", id: agent.id },
        requestId,
        metadata: { fields: Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined) },
        at: now,
      });
      return updated;
    });
    // Cached GET /v1/me answers name the agent.
    deps.keyCache.invalidateProject(actor.projectId);
    return updated;
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(changes.identifier ?? "");
    throw err;
  }
}

/** Deletes an agent and revokes the keys bound to it: a deleted identity must not keep working. */
export async function deleteAgent(deps: AppDeps, actor: ProjectActor, id: string, requestId: string | null) {
  const revokedKeyIds = await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    // Locked first: a key being created for this agent (which holds it FOR SHARE) commits before
    // the revocation below reads the keys, or sees the agent gone.
    const agent = await findAgent(trx, actor.projectId, id, { forUpdate: true });
    if (agent.is_default) throw new ApiError("default_agent_protected", "The default agent cannot be deleted; rename it instead.");
    const revoked = await trx
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("agent_id", "=", agent.id)
      .where("revoked_at", "is", null)
      .returning("id")
      .execute();
    await trx.deleteFrom("agents").where("id", "=", agent.id).execute();
    await recordAudit(trx, {
      organizationId: actor.organizationId,
      actor: actorOf(actor),
      action: "agent.deleted",
      target: { type: "agent", id: agent.id },
      requestId,
      metadata: { projectId: actor.projectId, revokedKeyIds: revoked.map((r) => r.id) },
      at: now,
    });
    return revoked.map((r) => r.id);
  });
  for (const keyId of revokedKeyIds) deps.keyCache.invalidateKey(keyId);
  deps.keyCache.invalidateProject(actor.projectId);
}
