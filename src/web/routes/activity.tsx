import { z } from "zod";
import { AUDIT_ACTIONS, type AuditAction } from "../../domain/audit-catalogue.js";
import type { Router } from "../../http/openapi.js";
import { activityView } from "../../services/audit-trail/activity-view.js";
import { exportResponse } from "../../http/audit-download.js";
import { page } from "../guards.js";
import { ActivityPage, type ActivityFilter } from "../pages/activity.js";

const blankIsUndefined = (v: unknown) => (v === "" ? undefined : v);
const id = z.preprocess(blankIsUndefined, z.string().max(64).regex(/^[A-Za-z0-9_-]+$/).optional()).catch(undefined);
/** A day (the date inputs) or a full instant; anything else is ignored, as the other pages' filters do. */
const day = z.preprocess(blankIsUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/).refine((s) => !Number.isNaN(Date.parse(s)) && !s.startsWith("0000")).optional()).catch(undefined);
const ActivityQuery = z.object({
  action: z.preprocess(blankIsUndefined, z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional()).catch(undefined),
  actorId: id,
  targetId: id,
  since: day,
  until: day,
  cursor: z.string().max(500).optional().catch(undefined),
  format: z.enum(["csv", "jsonl"]).catch("csv"),
});

function toFilter(q: z.infer<typeof ActivityQuery>) {
  return {
    action: q.action,
    actorId: q.actorId,
    targetId: q.targetId,
    since: q.since ? new Date(q.since) : undefined,
    until: q.until ? new Date(q.until) : undefined,
  };
}

/** The Activity page (the audit trail with the API's filters) and its download, for holders of read_audit. */
export function registerActivityPages(app: Router) {
  app.get(
    "/orgs/:orgId/activity",
    page.member("read_audit", async (c, ctx) => {
      const q = ActivityQuery.parse(c.req.query());
      const view = await activityView(c.get("deps"), { organizationId: ctx.actor.organizationId, ...toFilter(q), cursor: q.cursor });
      const filter: ActivityFilter = { action: q.action, actorId: q.actorId, targetId: q.targetId, since: q.since, until: q.until };
      return c.html(<ActivityPage user={c.get("user")!} csrfToken={c.get("csrfToken")} view={view} filter={filter} />);
    }),
  );

  app.get(
    "/orgs/:orgId/activity/export",
    page.member("read_audit", async (c, ctx) => {
      const q = ActivityQuery.parse(c.req.query());
      const deps = c.get("deps");
      const filter = toFilter(q);
      return exportResponse(deps, ctx.actor.organizationId, { ...filter, until: filter.until ?? new Date(deps.clock.now().getTime() + 1) }, q.format, c.get("requestId"));
    }),
  );
}
