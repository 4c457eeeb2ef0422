import type { Provision, ProvisionStatus } from "../../../db/schema.js";
import type { AppDeps } from "../../deps.js";
import { findProvision } from "../provisions/find.js";
import { listProvisions } from "../provisions/list.js";
import { viewProvision } from "../provisions/view.js";

/** The organization a dashboard page is about: its id and name. */
export function organizationSummary(deps: AppDeps, organizationId: string) {
  return deps.db.selectFrom("organizations").select(["id", "name"]).where("id", "=", organizationId).executeTakeFirstOrThrow();
}

/** The Team page: members with their state, and a page of provisions with who created and claimed them. */
export async function teamView(
  deps: AppDeps,
  organizationId: string,
  params: { status?: ProvisionStatus | undefined; cursor?: string | undefined; limit: number },
) {
  const [organization, members, provisions] = await Promise.all([
    organizationSummary(deps, organizationId),
    deps.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["u.id", "u.name", "u.email", "u.status", "m.role", "m.created_at"])
      .where("m.organization_id", "=", organizationId)
      .orderBy("m.created_at")
      .execute(),
    listProvisions(deps, { organizationId, ...params }),
  ]);
  const userIds = [
    ...new Set(
      provisions.data.flatMap((p) => [p.claimed_by_user_id, p.created_by_type === "user" ? p.created_by_id : null]).filter((x): x is string => !!x),
    ),
  ];
  const names = new Map<string, string>();
  if (userIds.length) {
    const rows = await deps.db.selectFrom("users").select(["id", "name", "email"]).where("id", "in", userIds).execute();
    for (const r of rows) names.set(r.id, r.name ?? r.email ?? r.id);
  }
  return { organization, members, provisions, names };
}

/** Status history of one provision: its audit events, oldest first. */
export async function provisionHistory(deps: AppDeps, organizationId: string, provisionId: string) {
  return deps.db
    .selectFrom("audit_events")
    .select(["action", "actor_type", "actor_id", "created_at", "metadata"])
    .where("organization_id", "=", organizationId)
    .where("target_id", "=", provisionId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/**
 * The provision page (and its cancel confirmation): the organization, the provision as the API shows
 * it, and its history. Takes the id, or the row a change just returned.
 */
export async function provisionPage(deps: AppDeps, organizationId: string, provision: string | Provision) {
  const row = typeof provision === "string" ? await findProvision(deps.db, organizationId, provision) : provision;
  const [organization, history] = await Promise.all([organizationSummary(deps, organizationId), provisionHistory(deps, organizationId, row.id)]);
  return { organization, provision: await viewProvision(deps, row), history };
}
