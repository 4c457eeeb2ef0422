import { createRoute, z } from "@hono/zod-openapi";
import { idleCsv } from "../../domain/idle-csv.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { errorResponses, jsonResponse, teamSecurity, type Router } from "../../http/openapi.js";
import { emailOut, int32, text, timestamp } from "../../http/schemas.js";
import { idleReport, IDLE_REPORT_MAX } from "../../services/reports/idle.js";
import { seatReport } from "../../services/reports/seats.js";

const tags = ["Reports"];
const readAudit = requireTeamPermission("read_audit");
const Days = z.coerce.number().int().min(1).max(3650).default(30).openapi({ description: "The period in days (1–3650, default 30)", format: "int32" });

const IdleMemberSchema = z.object({
  userId: z.string().max(64),
  name: text(200).nullable(),
  email: emailOut.nullable(),
  role: z.enum(["owner", "admin", "member"]),
  state: z.string().max(32),
  lastSeenAt: timestamp().nullable(),
  joinedAt: timestamp().nullable(),
});
const UnusedKeySchema = z.object({
  id: z.string().max(64),
  name: text(200),
  projectId: z.string().max(64).nullable(),
  ownerUserId: z.string().max(64).nullable(),
  lastUsedAt: timestamp().nullable(),
  createdAt: timestamp(),
});
const IdleReportSchema = z
  .object({
    days: int32(1, 3650),
    since: timestamp(),
    members: z.array(IdleMemberSchema).max(IDLE_REPORT_MAX),
    keys: z.array(UnusedKeySchema).max(IDLE_REPORT_MAX),
    truncated: z.boolean().openapi({ description: `More than ${IDLE_REPORT_MAX} of either: the oldest are listed` }),
  })
  .openapi("IdleReport");

const SeatCountSchema = z.object({ active: int32(0, 2 ** 31 - 1), pending: int32(0, 2 ** 31 - 1), awaitingConfirmation: int32(0, 2 ** 31 - 1), suspended: int32(0, 2 ** 31 - 1) });
const SeatReportSchema = z
  .object({
    current: SeatCountSchema,
    history: z.array(SeatCountSchema.extend({ day: z.string().max(10).openapi({ format: "date" }) })).max(3660),
  })
  .openapi("SeatReport");

const idle = createRoute({
  operationId: "idleReport",
  method: "get",
  path: "/v1/team/reports/idle",
  tags,
  summary: "Members not seen and keys unused for `days` days (JSON, or CSV with format=csv)",
  description: "Needs `read_audit`. A member is idle with no team activity, no session started and no use of a key of their projects in the period.",
  security: teamSecurity,
  middleware: [readAudit] as const,
  request: { query: z.object({ days: Days, format: z.enum(["json", "csv"]).default("json").openapi({ description: "json (default) or csv" }) }) },
  responses: {
    200: {
      description: "The idle members and unused keys",
      content: {
        "application/json": { schema: IdleReportSchema },
        "text/csv": { schema: z.string().openapi({ format: "binary", maxLength: 2 ** 30 }) },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const seats = createRoute({
  operationId: "seatReport",
  method: "get",
  path: "/v1/team/reports/seats",
  tags,
  summary: "Members counted by state, now and per day over the period",
  description: "Needs `read_audit`. History comes from the sweeper's snapshots (at most hourly; the last of a day stands for it).",
  security: teamSecurity,
  middleware: [readAudit] as const,
  request: { query: z.object({ days: Days }) },
  responses: { 200: jsonResponse(SeatReportSchema, "Seat counts"), ...errorResponses(400, 401, 403) },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerReportRoutes(app: Router) {
  app.openapi(idle, async (c) => {
    const { days, format } = c.req.valid("query");
    const report = await idleReport(c.get("deps"), teamOf(c).organizationId, days);
    if (format === "csv") {
      return c.body(idleCsv(report), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="idle-${days}d.csv"`,
      }) as never;
    }
    return c.json(
      {
        days,
        since: report.since.toISOString(),
        members: report.members.map((m) => ({ ...m, role: m.role as "owner" | "admin" | "member", lastSeenAt: iso(m.lastSeenAt), joinedAt: iso(m.joinedAt) })),
        keys: report.keys.map((k) => ({ ...k, lastUsedAt: iso(k.lastUsedAt), createdAt: k.createdAt.toISOString() })),
        truncated: report.truncated,
      },
      200,
    );
  });
  app.openapi(seats, async (c) => c.json(await seatReport(c.get("deps"), teamOf(c).organizationId, c.req.valid("query").days), 200));
}
