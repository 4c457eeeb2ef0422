// The audit export in a process of its own whose V8 heap is capped (`--max-old-space-size`): the proof
// that the export's memory does not grow with the trail. In an uncapped process the peak heap follows
// V8's collection schedule — old space is allowed to fill with garbage before a full collection, so a
// longer export shows a higher peak even when it holds nothing — while here an export that held on to
// what it streamed would run out of heap and fail. Run as a child (see `cappedExport`); it prints one
// JSON line: events, seconds, peak heap growth.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connectDatabase } from "../../db/connect.js";
import { auditExportStream } from "../../src/services/audit-trail/export.js";
import { benchDeps } from "./support.js";

/** The heap cap: well under the uncapped peak at 1M events (~140 MB), far above what one page needs. */
export const EXPORT_HEAP_CAP_MB = 48;

export type CappedExport = { events: number; seconds: number; peakHeapGrowthMb: number };

/** Exports the organization's whole trail from `url` in a child capped at EXPORT_HEAP_CAP_MB. */
export function cappedExport(url: string, organizationId: string, schema?: string): Promise<CappedExport> {
  const args = [`--max-old-space-size=${EXPORT_HEAP_CAP_MB}`, "--import", "tsx", fileURLToPath(import.meta.url), url, organizationId, ...(schema ? [schema] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`the capped export failed (exit ${code}; heap cap ${EXPORT_HEAP_CAP_MB} MB):\n${out.slice(-2000)}`));
      try {
        resolve(JSON.parse(line) as CappedExport);
      } catch {
        reject(new Error(`the capped export printed no result:\n${out.slice(-2000)}`));
      }
    });
  });
}

async function main(url: string, organizationId: string, schema: string | undefined) {
  const handle = await connectDatabase({ databaseUrl: url, poolSize: 2, ...(schema ? { schema } : {}) });
  try {
    const deps = benchDeps(handle.db);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const t0 = performance.now();
    const reader = auditExportStream(deps, { organizationId, until: new Date(Date.now() + 1000) }, "jsonl", null).getReader();
    let events = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const b of value) if (b === 10) events++;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    clearInterval(timer);
    const result: CappedExport = { events, seconds: (performance.now() - t0) / 1000, peakHeapGrowthMb: (peak - before) / 2 ** 20 };
    console.log(JSON.stringify(result));
  } finally {
    await handle.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [url, organizationId, schema] = process.argv.slice(2);
  if (!url || !organizationId) throw new Error("usage: capped-export.ts <database url> <organization id> [schema]");
  await main(url, organizationId, schema);
}
