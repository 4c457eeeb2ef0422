import { createRoute, z } from "@hono/zod-openapi";
import { AUDIT_ACTIONS, type AuditAction } from "../../domain/audit-catalogue.js";
import { EXPORT_MEDIA, toAuditEventJson } from "../../domain/audit-export.js";
import { exportResponse } from "../../http/audit-download.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { CursorOut, errorResponses, jsonResponse, PaginationQuery, teamSecurity, type Router } from "../../http/openapi.js";
import { instantInput, text, timestamp } from "../../http/schemas.js";
import { listAuditEvents } from "../../services/audit-trail/query.js";

const tags = ["Audit"];
const readAudit = requireTeamPermission("read_audit");

/** Actors and targets are prefixed ids, or a system actor's name (`sweeper`, `bootstrap`). */
const refId = z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, "must be an id");

const AuditEventSchema = z
  .object({
    id: z.string().max(64),
    action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]),
    actor: z.object({ type: text(32), id: refId.nullable() }),
    target: z.object({ type: text(32), id: refId }),
    requestId: z.string().max(128).nullable(),
    metadata: z.record(z.string(), z.unknown()).openapi({ description: "What changed: ids, roles, counts. Never a secret." }),
    createdAt: timestamp(),
  })
  .openapi("AuditEvent");

/** A streamed file: text of no fixed size (the bound documents a terabyte, not a promise). */
const download = (description: string) => z.string().openapi({ format: "binary", maxLength: 2 ** 40, description });

const FilterQuery = z.object({
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional().openapi({ description: "One event type of the catalogue" }),
  actorId: refId.optional().openapi({ description: "Who acted: a user, key or system actor id" }),
  targetId: refId.optional().openapi({ description: "What was acted on" }),
  since: instantInput("Events at or after this instant").optional(),
  until: instantInput("Events before this instant").optional(),
});

const list = createRoute({
  operationId: "listAuditEvents",
  method: "get",
  path: "/v1/team/audit-events",
  tags,
  summary: "The organization's audit trail, newest first, filtered by type, actor, target and time",
  description: "Needs `read_audit`.",
  security: teamSecurity,
  middleware: [readAudit] as const,
  request: { query: PaginationQuery.merge(FilterQuery) },
  responses: {
    200: jsonResponse(z.object({ data: z.array(AuditEventSchema).max(100), nextCursor: CursorOut }).openapi("AuditEventList"), "A page of events"),
    ...errorResponses(400, 401, 403),
  },
});

const exportRoute = createRoute({
  operationId: "exportAuditEvents",
  method: "get",
  path: "/v1/team/audit-events/export",
  tags,
  summary: "The whole filtered audit trail as a download, oldest first (JSON lines or CSV), streamed",
  description:
    "Needs `read_audit`. Streamed page by page, so any size of trail downloads with flat memory. Without `until`, ends at the moment of the request. CSV cells that a spreadsheet would run as a formula start with an apostrophe.",
  security: teamSecurity,
  middleware: [readAudit] as const,
  request: { query: FilterQuery.extend({ format: z.enum(["jsonl", "csv"]).default("jsonl").openapi({ description: "jsonl (default) or csv" }) }) },
  responses: {
    200: {
      description: "One event per line",
      content: {
        [EXPORT_MEDIA.jsonl]: { schema: download("One AuditEvent JSON object per line") },
        [EXPORT_MEDIA.csv]: { schema: download("A header row, then one event per row") },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export function registerAuditRoutes(app: Router) {
  app.openapi(list, async (c) => {
    const page = await listAuditEvents(c.get("deps").db, { organizationId: teamOf(c).organizationId, ...c.req.valid("query") });
    return c.json({ data: page.data.map((e) => toAuditEventJson(e) as z.infer<typeof AuditEventSchema>), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(exportRoute, (c) => {
    const deps = c.get("deps");
    const { format, ...filter } = c.req.valid("query");
    return exportResponse(deps, teamOf(c).organizationId, { ...filter, until: filter.until ?? new Date(deps.clock.now().getTime() + 1) }, format, c.get("requestId"));
  });
}
