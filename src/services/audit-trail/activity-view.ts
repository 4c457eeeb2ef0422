import type { AppDeps } from "../../deps.js";
import { organizationSummary } from "../team/team-view.js";
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
  return { organization, events, alerts: alerts.data };
}
