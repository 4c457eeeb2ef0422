import type { AppDeps } from "../../deps.js";
import { verificationStatus } from "./email-verification.js";
import { twoStepStatus } from "./two-step.js";

/**
 * Everything the account page lists: my organizations, my projects with their agents and keys, and
 * for a claimed project which key came with the provision.
 */
export async function accountOverview(deps: AppDeps, userId: string) {
  const [address, twoStep, organizations, projects] = await Promise.all([
    verificationStatus(deps, userId),
    twoStepStatus(deps, userId),
    deps.db
      .selectFrom("memberships as m")
      .innerJoin("organizations as o", "o.id", "m.organization_id")
      .select(["o.id", "o.name", "m.role", "m.state"])
      .where("m.user_id", "=", userId)
      .orderBy("o.name")
      .execute(),
    deps.db
      .selectFrom("projects as p")
      .innerJoin("organizations as o", "o.id", "p.organization_id")
      .select(["p.id", "p.name", "p.created_at", "p.organization_id", "o.name as organization_name"])
      .where("p.owner_user_id", "=", userId)
      .orderBy("p.created_at", "desc")
      .execute(),
  ]);
  const projectIds = projects.map((p) => p.id);
  const [agents, keys, provisions] = projectIds.length
    ? await Promise.all([
        deps.db.selectFrom("agents").selectAll().where("project_id", "in", projectIds).orderBy("created_at").execute(),
        deps.db.selectFrom("api_keys").selectAll().where("project_id", "in", projectIds).orderBy("created_at", "desc").execute(),
        deps.db.selectFrom("provisions").select(["project_id", "api_key_id"]).where("project_id", "in", projectIds).execute(),
      ])
    : [[], [], []];
  return {
    address,
    twoStep,
    organizations,
    projects: projects.map((p) => ({
      ...p,
      agents: agents.filter((a) => a.project_id === p.id),
      keys: keys.filter((k) => k.project_id === p.id),
      /** The key the provision issued: whoever provisioned the account has seen it. */
      provisionedKeyId: provisions.find((pv) => pv.project_id === p.id)?.api_key_id ?? null,
    })),
  };
}
