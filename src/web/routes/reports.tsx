import { z } from "zod";
import { idleCsv } from "../../domain/idle-csv.js";
import type { Router } from "../../http/openapi.js";
import { idleReport } from "../../services/reports/idle.js";
import { seatReport } from "../../services/reports/seats.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { page } from "../guards.js";
import { ReportsPage } from "../pages/reports.js";

const DaysQuery = z.coerce.number().int().min(1).max(3650).catch(30);

/** The Reports page for a period (anything but 1–3650 days: the default 30), e.g. after its one-click suspend. */
export function reportsPath(orgId: string, days: unknown, notice?: "suspended"): string {
  return `/orgs/${orgId}/reports?days=${DaysQuery.parse(days ?? 30)}${notice ? `&notice=${notice}` : ""}`;
}

/** The Reports page (seats over time, idle members with one-click suspend, unused keys) and its CSV. */
export function registerReportPages(app: Router) {
  app.get(
    "/orgs/:orgId/reports",
    page.member("read_audit", async (c, ctx, standing) => {
      const deps = c.get("deps");
      const days = DaysQuery.parse(c.req.query("days") ?? 30);
      const orgId = ctx.actor.organizationId;
      const [organization, idle, seats] = await Promise.all([organizationSummary(deps, orgId), idleReport(deps, orgId, days), seatReport(deps, orgId, 90)]);
      const notice = c.req.query("notice") === "suspended" ? "Suspended. They cannot act in this organization any more." : undefined;
      return c.html(<ReportsPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} organization={organization} days={days} idle={idle} seats={seats} notice={notice} />);
    }),
  );

  app.get(
    "/orgs/:orgId/reports/idle.csv",
    page.member("read_audit", async (c, ctx) => {
      const days = DaysQuery.parse(c.req.query("days") ?? 30);
      const report = await idleReport(c.get("deps"), ctx.actor.organizationId, days);
      return c.body(idleCsv(report), 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="idle-${days}d.csv"` });
    }),
  );
}
