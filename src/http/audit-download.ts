import { EXPORT_MEDIA, type ExportFormat } from "../domain/audit-export.js";
import type { AppDeps } from "../deps.js";
import { auditExportStream } from "../services/audit-trail/export.js";
import type { AuditFilter } from "../services/audit-trail/query.js";

/** The download response the API and the Activity page share. */
export function exportResponse(
  deps: AppDeps,
  organizationId: string,
  filter: Omit<AuditFilter, "organizationId">,
  format: ExportFormat,
  requestId: string | null,
): Response {
  const stamp = (filter.until ?? deps.clock.now()).toISOString().slice(0, 10);
  return new Response(auditExportStream(deps, { organizationId, ...filter }, format, requestId), {
    status: 200,
    headers: {
      "content-type": `${EXPORT_MEDIA[format]}; charset=utf-8`,
      "content-disposition": `attachment; filename="audit-${organizationId}-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
