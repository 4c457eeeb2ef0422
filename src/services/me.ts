import { effectiveStatus } from "../domain/provision-rules.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../http/errors.js";
import type { ProjectPrincipal } from "../http/principal.js";
import { findDefaultAgent } from "./agents/agents.js";

/** Everything a project key needs to know about itself, in one round of reads. */
export async function describeCaller(deps: AppDeps, p: ProjectPrincipal) {
  const now = deps.clock.now();
  const [key, project, organization, provision, boundAgent] = await Promise.all([
    deps.db.selectFrom("api_keys").selectAll().where("id", "=", p.keyId).executeTakeFirst(),
    deps.db.selectFrom("projects").selectAll().where("id", "=", p.projectId).executeTakeFirst(),
    deps.db.selectFrom("organizations").select(["id", "name"]).where("id", "=", p.organizationId).executeTakeFirst(),
    deps.db
      .selectFrom("provisions")
      .select(["id", "status", "expires_at"])
      .where("project_id", "=", p.projectId)
      .executeTakeFirst(),
    p.agentId
      ? deps.db.selectFrom("agents").selectAll().where("id", "=", p.agentId).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  // The key was valid a moment ago; if it vanished since (cancelled meanwhile), answer as for any bad key.
  if (!key || !project || !organization) throw new ApiError("invalid_api_key", "The API key is not recognised.");
  const agent = boundAgent ?? (await findDefaultAgent(deps.db, p.projectId)) ?? null;
  return {
    key,
    project,
    organization,
    agent,
    provision: provision
      ? {
          id: provision.id,
          status: effectiveStatus({ status: provision.status, expiresAt: provision.expires_at }, now),
          expiresAt: provision.expires_at,
        }
      : null,
  };
}
