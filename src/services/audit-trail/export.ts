import { csvHeader, csvRow, jsonLine, toAuditEventJson, type ExportFormat } from "../../domain/audit-export.js";
import type { AppDeps } from "../../deps.js";
import { auditEventPages, type AuditFilter } from "./query.js";

/** Events read per query: large enough to keep the round trips few, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * The filtered trail as a byte stream, pulled by the response: the next page is read only when the
 * client has taken the previous one (a slow download holds one page, not the whole trail). A standard
 * ReadableStream, so it streams the same on Node and on Workers. A failure half-way is logged and ends
 * the stream with an error (the status line is already sent; a truncated file is the honest outcome).
 * The stream's life is handed to `deps.defer`: the body is read after the handler has returned, and on
 * Workers the request's database connection closes once deferred work is done — without this it
 * closed under the first page and every export there was cut short.
 */
export function auditExportStream(deps: AppDeps, filter: AuditFilter, format: ExportFormat, requestId: string | null): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = auditEventPages(deps.db, filter, EXPORT_PAGE_SIZE);
  const line = format === "csv" ? csvRow : jsonLine;
  let started = false;
  let finished!: () => void;
  deps.defer(new Promise<void>((resolve) => (finished = resolve)));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let chunk = "";
          if (!started && format === "csv") chunk = csvHeader();
          started = true;
          const next = await pages.next();
          if (!next.done) for (const row of next.value) chunk += line(toAuditEventJson(row));
          if (chunk) controller.enqueue(encoder.encode(chunk));
          if (next.done) {
            controller.close();
            finished();
          }
        } catch (err) {
          deps.logger.error("audit export failed", { requestId, error: err instanceof Error ? err.message : String(err) });
          controller.error(err);
          finished();
        }
      },
      async cancel() {
        try {
          await pages.return(undefined);
        } finally {
          finished();
        }
      },
    },
    { highWaterMark: 1 },
  );
}
