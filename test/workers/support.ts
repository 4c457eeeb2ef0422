// Running the Workers build the way operators do: `wrangler deploy --dry-run` for the bundle, and
// `wrangler dev --local` (workerd, from the @cloudflare/workerd-* npm package) for the real thing.
// No Cloudflare account, login or network access is needed for either.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import pg from "pg";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const wranglerCli = join(root, "node_modules/wrangler/bin/wrangler.js");

/** No telemetry, no account lookups, no update check, no colours in the logs we read. */
export const wranglerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CLOUDFLARE_INCLUDE_PROCESS_ENV: "false",
  WRANGLER_HIDE_BANNER: "true",
  FORCE_COLOR: "0",
  NO_COLOR: "1",
  CI: "true",
};

export type RunResult = { code: number | null; stdout: string; stderr: string };

/** Runs a command to completion (never throws on a non-zero exit; the caller checks `code`). */
export function run(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export type WorkerBuild = {
  outdir: string;
  bundlePath: string;
  /** The bundle as it would be uploaded (worker.js, minified as wrangler.toml asks). */
  bundle: string;
  rawBytes: number;
  gzipBytes: number;
  /** wrangler's own "Total Upload: … KiB / gzip: … KiB" line. */
  wranglerSummary: string | null;
};

/** `wrangler deploy --dry-run --outdir <dir>`: builds the Worker exactly as a deploy would, uploads nothing. */
export async function buildWorker(outdir?: string): Promise<WorkerBuild> {
  const dir = outdir ?? (await mkdtemp(join(tmpdir(), "handoff-worker-build-")));
  const result = await run(process.execPath, [wranglerCli, "deploy", "--dry-run", "--outdir", dir], { env: wranglerEnv });
  const output = result.stdout + result.stderr;
  if (result.code !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${result.code}):\n${output}`);
  const bundlePath = join(dir, "worker.js");
  const bytes = await readFile(bundlePath);
  return {
    outdir: dir,
    bundlePath,
    bundle: bytes.toString("utf8"),
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    wranglerSummary: /Total Upload:[^\n]*/.exec(output)?.[0]?.trim() ?? null,
  };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePromise(address.port) : reject(new Error("no port"))));
    });
  });
}

export type DevWorker = {
  url: string;
  /** Everything wrangler and the Worker printed so far (the Worker's JSON log lines included). */
  logs(): string;
  stop(): Promise<void>;
};

/**
 * `wrangler dev --local` on 127.0.0.1 (a free port unless given), wrangler.toml as it is, plus `vars`
 * (passed with --var, like `.dev.vars`). Resolves once wrangler says it is ready, before any request
 * reaches the Worker (whose first request checks and may migrate the schema).
 */
export async function startDevWorker(
  vars: Record<string, string>,
  opts: { port?: number; timeoutMs?: number } = {},
): Promise<DevWorker> {
  const [port, inspectorPort] = [opts.port ?? (await freePort()), await freePort()];
  const persist = await mkdtemp(join(tmpdir(), "handoff-wrangler-state-"));
  const url = `http://127.0.0.1:${port}`;
  const envFile = join(persist, "empty.env");
  await writeFile(envFile, "");
  const args = [
    wranglerCli,
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    "--persist-to",
    persist,
    // Only what `vars` says: a developer's .dev.vars or .env must not configure the Worker under test.
    "--env-file",
    envFile,
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  // Its own process group, so stop() ends wrangler and the workerd processes it started, and only them.
  const child = spawn(process.execPath, args, { cwd: root, env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));

  const stop = async () => {
    await killGroup(child, exited);
    await rm(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!/Ready on http/.test(output)) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited (${child.exitCode}) before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev was not ready on ${url} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, logs: () => output, stop };
}

async function killGroup(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5000))]);
  if (timedOut) signal("SIGKILL");
  // workerd children may outlive wrangler by a moment; they are in the same group.
  signal("SIGKILL");
}

// ---------------------------------------------------------------------------------------------
// A PostgreSQL database of the run's own (created and dropped), so the Worker, the operator command
// and the test all see the same plain `public` schema, exactly as in production.

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type ScratchDatabase = { url: string; name: string; drop(): Promise<void> };

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `handoff_workers_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
