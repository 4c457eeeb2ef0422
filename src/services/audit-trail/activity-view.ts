import type { AppDeps } from "../../deps.js";
import { organizationSummary } from "../team/team-view.js";
import { peopleNames, userIdsIn } from "./people-names.js";
import { listAuditEvents, type AuditFilter } from "./query.js";

export const ACTIVITY_PAGE_SIZE = 50;

/** The Activity page: a page of the filtered trail, and the latest alerts apart (access raised, a webhook endpoint disabled). */
export async function activityView(deps: AppDeps, filter: AuditFilter & { cursor?: string | undefined }) {
  const [organization, events, alerts] = await Promise.all([
    organizationSummary(deps, filter.organizationId),
    listAuditEvents(deps.db, { ...filter, limit: ACTIVITY_PAGE_SIZE }),
    filter.cursor || filter.action
      ? Promise.resolve({ data: [] })
      : listAuditEvents(deps.db, { organizationId: filter.organizationId, actions: ["alert.access_changed", "webhook.disabled"], limit: 5 }),
  ]);
  // Names for the people the page mentions: actors, targets, and the ids inside alert summaries.
  const ids = [...events.data, ...alerts.data].flatMap((e) => [e.actor_id ?? "", e.target_id, ...userIdsIn(JSON.stringify(e.metadata ?? {}))]);
  const names = await peopleNames(deps.db, ids);
  return { organization, events, alerts: alerts.data, names };
}
