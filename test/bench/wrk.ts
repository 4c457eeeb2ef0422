// `wrk` (a C load generator, Debian's package) as the HTTP client of the request benchmarks, where it is
// installed: the same reason pgbench is the provisioning baseline. A Node client (autocannon) spends
// about as much CPU per request as the server does and shares the machine's two cores with it, so its
// own cost moves the figures; wrk's is a small fraction of that.
import { spawn } from "node:child_process";

export type WrkRun = { requests: number; seconds: number; p50Ms: number; p99Ms: number };

/** Is the wrk binary on PATH? */
export async function wrkAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn("wrk", ["--version"], { stdio: "ignore" });
    p.on("error", () => resolve(false));
    // wrk --version prints its banner and exits 1.
    p.on("exit", (code) => resolve(code === 0 || code === 1));
  });
}

/**
 * `wrk -t1 -c<connections> -d<seconds> --latency` against one URL. Every response must be a 2xx and no
 * socket may fail: a fast error must never pass for throughput.
 */
export async function wrk(opts: { url: string; headers: Record<string, string>; connections: number; seconds: number }): Promise<WrkRun> {
  const args = ["-t1", `-c${opts.connections}`, `-d${Math.max(1, Math.round(opts.seconds))}s`, "--latency"];
  for (const [name, value] of Object.entries(opts.headers)) args.push("-H", `${name}: ${value}`);
  args.push(opts.url);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk failed (exit ${code}):\n${text}`))));
  });
  return parseWrk(out, opts.url);
}

/** Reads wrk's report (the `--latency` form); refuses a run with non-2xx answers or socket errors. */
export function parseWrk(out: string, url: string): WrkRun {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)\b/.exec(out);
  if (!total) throw new Error(`wrk printed no request count for ${url}:\n${out}`);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0;
  if (bad || socketErrors > 0) throw new Error(`${url}: ${bad?.[1] ?? 0} non-2xx answers, ${socketErrors} socket errors:\n${out}`);
  const requests = Number(total[1]);
  if (requests === 0) throw new Error(`${url}: wrk completed no request:\n${out}`);
  return {
    requests,
    seconds: Number(total[2]) * UNIT_MS[total[3]!]! / 1000,
    p50Ms: latencyMs(out, "50%"),
    p99Ms: latencyMs(out, "99%"),
  };
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyMs(out: string, percentile: string): number {
  const m = new RegExp(`^\\s*${percentile}\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(out);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
}
