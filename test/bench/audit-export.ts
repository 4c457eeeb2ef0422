// (f) The audit export of one million events streams with flat memory: the events are seeded in one
// organization with one INSERT … SELECT generate_series, then the export (the service behind
// GET /v1/team/audit-events/export) is read to the end like a client would, while RSS and the V8 heap
// are sampled; then again in a child process whose heap is capped (capped-export.ts). Target: the capped
// export finishes, its peak heap growth under the cap, whatever the number of events (BENCH_AUDIT_EVENTS,
// default 1,000,000).
import { sql } from "kysely";
import { auditExportStream } from "../../src/services/audit-trail/export.js";
import { createOrganization } from "../../src/services/bootstrap.js";
import { cappedExport, EXPORT_HEAP_CAP_MB } from "./capped-export.js";
import { withMemorySampling } from "./sweep.js";
import { benchDeps, postgresDatabase, type BenchContext, type BenchRow } from "./support.js";

// Well below what a million events take as JSON (~200 MB): the bound says memory does not follow the trail.

export async function benchAuditExport(ctx: BenchContext): Promise<BenchRow[]> {
  const events = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  const db = await postgresDatabase(ctx.databaseUrl!, 4);
  try {
    const deps = benchDeps(db.db);
    const org = await createOrganization(db.db, { organizationName: "Export bench", publicUrl: "http://handoff.bench", now: new Date() });
    ctx.log(`seeding ${events} audit events`);
    await sql`
      insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, metadata, created_at)
      select 'evt_b' || g, ${org.organizationId}, 'system', 'bench', 'member.confirmed', 'user', 'usr_b' || (g % 5000),
             jsonb_build_object('n', g), date_trunc('milliseconds', now()) - make_interval(secs => g)
      from generate_series(1, ${events}) g`.execute(db.db);
    // (Millisecond timestamps, as the application writes them: keyset cursors carry JS Dates.)
    await sql`analyze audit_events`.execute(db.db);
    ctx.log("exporting");
    const t0 = performance.now();
    const measured = await withMemorySampling(async () => {
      const reader = auditExportStream(deps, { organizationId: org.organizationId, until: new Date(Date.now() + 1000) }, "jsonl", null).getReader();
      let bytes = 0;
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (const b of value) if (b === 10) lines++;
      }
      return { bytes, lines };
    });
    const seconds = (performance.now() - t0) / 1000;
    ctx.log(`exporting again in a process capped at a ${EXPORT_HEAP_CAP_MB} MB heap`);
    const capped = await cappedExport(ctx.databaseUrl!, org.organizationId, db.schema ?? undefined);
    // The organization's own creation events come with it.
    if (measured.result.lines < events || measured.result.lines > events + 5) throw new Error(`exported ${measured.result.lines} lines for ${events} events`);
    return [
      { name: "events exported", value: measured.result.lines, unit: "events" },
      { name: "export rate", value: Math.round(measured.result.lines / seconds), unit: "events/s" },
      { name: "exported size", value: Math.round(measured.result.bytes / 1024 / 1024), unit: "MB" },
      {
        name: "peak heap growth",
        value: Number(measured.heapGrowthMb.toFixed(1)),
        unit: "MB",
        note: "In this (uncapped) process the peak follows V8's collection schedule: old space fills with garbage before a full collection. The capped row is the check.",
      },
      {
        name: `the same export in a process capped at a ${EXPORT_HEAP_CAP_MB} MB heap: peak heap growth`,
        value: Number(capped.peakHeapGrowthMb.toFixed(1)),
        unit: "MB",
        baseline: EXPORT_HEAP_CAP_MB,
        ratio: EXPORT_HEAP_CAP_MB / Math.max(capped.peakHeapGrowthMb, 0.1),
        target: 1,
        note: `Flat memory: all ${capped.events} events stream from a process whose heap cannot hold them (500 per query, pulled by the reader), at ${Math.round(capped.events / capped.seconds)} events/s.`,
      },
      { name: "RSS growth, second half over first", value: Number(measured.lateRssGrowthMb.toFixed(1)), unit: "MB", note: "About 0 when memory does not grow with the events exported." },
    ];
  } finally {
    await db.close();
  }
}
