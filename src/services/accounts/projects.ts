import type { ActorContext, Person } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { change } from "../unit-of-work.js";

/** What the onboarding page shows: only to the person who claimed the provision. */
export async function onboardingView(deps: AppDeps, userId: string, provisionId: string) {
  const row = await deps.db
    .selectFrom("provisions as pv")
    .innerJoin("projects as p", "p.id", "pv.project_id")
    .innerJoin("organizations as o", "o.id", "pv.organization_id")
    .leftJoin("agents as a", (j) => j.onRef("a.project_id", "=", "p.id").on("a.is_default", "=", true))
    .leftJoin("api_keys as k", "k.id", "pv.api_key_id")
    .select(["p.id as project_id", "p.name as project_name", "o.id as organization_id", "o.name as organization_name", "a.id as agent_id", "a.name as agent_name", "a.identifier as agent_identifier", "k.display_prefix"])
    .where("pv.id", "=", provisionId)
    .where("pv.claimed_by_user_id", "=", userId)
    .where("p.owner_user_id", "=", userId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "Nothing to show here.");
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    project: { id: row.project_id, name: row.project_name },
    agent: row.agent_id ? { id: row.agent_id, name: row.agent_name!, identifier: row.agent_identifier! } : null,
    keyPrefix: row.display_prefix,
  };
}

/** Renames a project the user owns; returns the provision behind it, if any, for the way back. */
export async function renameOwnProject(deps: AppDeps, ctx: ActorContext<Person>, projectId: string, name: string) {
  const userId = ctx.actor.userId;
  return change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
    const project = await trx
      .updateTable("projects")
      .set({ name, updated_at: now })
      .where("id", "=", projectId)
      .where("owner_user_id", "=", userId)
      .returning(["id", "organization_id"])
      .executeTakeFirst();
    if (!project) throw new DomainError("not_found", "No such project in your account.");
    await audit("project.renamed", { type: "project", id: projectId }, undefined, { organizationId: project.organization_id });
    invalidate({ projects: [projectId] }); // cached GET /v1/me answers name the project
    const provision = await trx.selectFrom("provisions").select("id").where("project_id", "=", projectId).executeTakeFirst();
    return provision?.id ?? null;
  });
}
