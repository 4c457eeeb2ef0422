/**
 * `handoff provision --csv people.csv`: one provision per row, a few at a time, with a progress bar,
 * a per-row report, and a safe re-run after an interruption.
 *
 * Safe re-runs: every row is sent with an Idempotency-Key derived from the batch (the file's real
 * path, or --batch-id) and the row's identity (its email, else its whole content, plus how many
 * earlier rows share that identity). Re-running the same file sends the same keys, so rows that an
 * earlier run provisioned are answered from the server's record of them (the same provision, key
 * and claim link), never provisioned twice. A row changed since then is refused (422
 * idempotency_key_reused) rather than provisioned again.
 */
import { createHash } from "node:crypto";
import { readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { HandoffError } from "../errors.js";
import type { Handoff } from "../client.js";
import type { CreateProvisionParams, ProvisionCreated } from "../types.js";
import { parseDuration, UsageError } from "./args.js";
import { parseCsv, toCsv } from "./csv.js";
import { table } from "./format.js";
import type { CliIo } from "./io.js";

type Field = "name" | "email" | "role" | "projectName" | "expiresIn" | "skipOnboarding" | "metadata";

/** Accepted headers (compared lowercase, without spaces, dashes and underscores). */
const HEADERS: Record<string, Field> = {
  name: "name",
  fullname: "name",
  email: "email",
  role: "role",
  projectname: "projectName",
  project: "projectName",
  expiresin: "expiresIn",
  skiponboarding: "skipOnboarding",
  metadata: "metadata",
};

export const CSV_COLUMNS_HELP =
  "name, email, role (admin|member), project_name, expires_in (seconds or 7d, 12h…), skip_onboarding (true|false), metadata (a JSON object) and metadata.<key> columns";

export type RowStatus = "created" | "replayed" | "failed" | "not_run";

export type RowError = { status: number; code: string; detail: string; requestId?: string | undefined; errors?: { path: string; message: string }[] | undefined };

export type RowResult = {
  row: number;
  line: number;
  status: RowStatus;
  idempotencyKey: string;
  input: Record<string, string>;
  provision?: ProvisionCreated | undefined;
  error?: RowError | undefined;
};

export type BulkReport = {
  file: string;
  batchId: string;
  startedAt: string;
  finishedAt: string | null;
  /** Stopped by a signal (Ctrl-C): the rows not reached are `not_run`. */
  interrupted: boolean;
  /** Why the run stopped early on its own (a bad key, an unreachable server), else null. */
  stopReason: string | null;
  summary: { total: number; created: number; replayed: number; failed: number; notRun: number };
  rows: RowResult[];
};

export type BulkDefaults = Pick<CreateProvisionParams, "role" | "expiresIn" | "skipOnboarding">;

export type BulkOptions = {
  file: string;
  report?: string | undefined;
  concurrency: number;
  batchId?: string | undefined;
  defaults: BulkDefaults;
  json: boolean;
  io: CliIo;
  client: Handoff;
};

type PlannedRow = { result: RowResult; body?: CreateProvisionParams };

function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s_-]+/g, "");
}

function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (["true", "yes", "y", "1"].includes(v)) return true;
  if (["false", "no", "n", "0"].includes(v)) return false;
  return undefined;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Reads and checks the file, and works out each row's body and Idempotency-Key. No request yet. */
export function planRows(text: string, batchId: string, defaults: BulkDefaults): PlannedRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    throw new UsageError(`the CSV file cannot be read: ${(err as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw new UsageError("the CSV file is empty: it needs a header row (e.g. name,email,role)");
  const columns = header.fields.map((raw) => {
    const trimmed = raw.trim();
    if (/^metadata\./i.test(trimmed) && trimmed.length > 9) return { raw: trimmed, metaKey: trimmed.slice(9) };
    const field = HEADERS[normalizeHeader(trimmed)];
    return { raw: trimmed, field };
  });
  const unknown = columns.filter((c) => !("metaKey" in c) && !c.field).map((c) => JSON.stringify(c.raw));
  if (unknown.length) throw new UsageError(`unknown CSV column(s) ${unknown.join(", ")}; known: ${CSV_COLUMNS_HELP}`);
  const seenFields = new Set<string>();
  for (const c of columns) {
    const key = "metaKey" in c ? `metadata.${c.metaKey}` : c.field!;
    if (seenFields.has(key)) throw new UsageError(`the CSV column ${JSON.stringify(c.raw)} appears twice`);
    seenFields.add(key);
  }

  const occurrences = new Map<string, number>();
  const planned: PlannedRow[] = [];
  let rowNumber = 0;
  for (const record of data) {
    if (record.fields.every((f) => f.trim() === "")) continue;
    rowNumber++;
    const input: Record<string, string> = {};
    columns.forEach((c, i) => {
      input[c.raw] = record.fields[i] ?? "";
    });
    const problems: string[] = [];
    if (record.fields.length > columns.length && record.fields.slice(columns.length).some((f) => f.trim() !== "")) {
      problems.push(`has ${record.fields.length} fields but the header has ${columns.length}`);
    }
    const body: CreateProvisionParams = {};
    const metadata: Record<string, unknown> = {};
    let hasMetadata = false;
    columns.forEach((c, i) => {
      const value = (record.fields[i] ?? "").trim();
      if (value === "") return;
      if ("metaKey" in c) {
        metadata[c.metaKey!] = value;
        hasMetadata = true;
        return;
      }
      switch (c.field) {
        case "name":
          body.name = value;
          break;
        case "email":
          body.email = value;
          break;
        case "projectName":
          body.projectName = value;
          break;
        case "role": {
          const role = value.toLowerCase();
          if (role === "admin" || role === "member") body.role = role;
          else problems.push(`role must be admin or member, not ${JSON.stringify(value)}`);
          break;
        }
        case "expiresIn": {
          const s = parseDuration(value);
          if (s === undefined) problems.push(`expires_in must be seconds or a duration such as 7d, not ${JSON.stringify(value)}`);
          else body.expiresIn = s;
          break;
        }
        case "skipOnboarding": {
          const b = parseBool(value);
          if (b === undefined) problems.push(`skip_onboarding must be true or false, not ${JSON.stringify(value)}`);
          else body.skipOnboarding = b;
          break;
        }
        case "metadata": {
          try {
            const parsed: unknown = JSON.parse(value);
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
            Object.assign(metadata, parsed);
            hasMetadata = true;
          } catch {
            problems.push("metadata must be a JSON object");
          }
          break;
        }
      }
    });
    if (hasMetadata) body.metadata = metadata;
    if (body.role === undefined && defaults.role !== undefined) body.role = defaults.role;
    if (body.expiresIn === undefined && defaults.expiresIn !== undefined) body.expiresIn = defaults.expiresIn;
    if (body.skipOnboarding === undefined && defaults.skipOnboarding !== undefined) body.skipOnboarding = defaults.skipOnboarding;

    // The row's identity: the person's email when there is one, else everything the row says.
    const identity = body.email
      ? `email:${body.email.toLowerCase()}`
      : `row:${JSON.stringify(Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const idempotencyKey = `hcsv_${sha256(JSON.stringify(["handoff-csv/1", batchId, identity, occurrence])).slice(0, 48)}`;

    const result: RowResult = { row: rowNumber, line: record.line, status: "not_run", idempotencyKey, input };
    if (problems.length) {
      result.status = "failed";
      result.error = { status: 0, code: "invalid_row", detail: problems.join("; ") };
      planned.push({ result });
    } else {
      planned.push({ result, body });
    }
  }
  return planned;
}

class Progress {
  readonly #total: number;
  readonly #io: CliIo;
  readonly #tty: boolean;
  #done = 0;
  #ok = 0;
  #failed = 0;
  #lastDraw = 0;

  constructor(total: number, io: CliIo) {
    this.#total = total;
    this.#io = io;
    this.#tty = Boolean(io.stderr.isTTY);
  }

  record(r: RowResult) {
    this.#done++;
    if (r.status === "failed") this.#failed++;
    else this.#ok++;
    if (this.#tty) {
      const now = Date.now();
      if (now - this.#lastDraw >= 50 || this.#done === this.#total) {
        this.#lastDraw = now;
        this.#draw();
      }
      return;
    }
    const width = String(this.#total).length;
    const where = `[${String(this.#done).padStart(width)}/${this.#total}] row ${r.row}`;
    const who = r.provision?.email ?? r.input[Object.keys(r.input).find((k) => normalizeHeader(k) === "email") ?? ""] ?? "";
    if (r.status === "failed") {
      this.#io.stderr.write(`${where} failed ${r.error?.code}: ${r.error?.detail}\n`);
    } else {
      const note = r.status === "replayed" ? " (already provisioned by an earlier run)" : "";
      this.#io.stderr.write(`${where} ${r.status} ${r.provision?.id}${who ? ` ${who}` : ""}${note}\n`);
    }
  }

  #draw() {
    const columns = this.#io.stderr.columns ?? 80;
    const barWidth = Math.max(10, Math.min(40, columns - 50));
    const filled = this.#total ? Math.round((this.#done / this.#total) * barWidth) : barWidth;
    const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
    const pct = this.#total ? Math.floor((this.#done / this.#total) * 100) : 100;
    this.#io.stderr.write(`\r\x1b[K${bar} ${String(pct).padStart(3)}%  ${this.#done}/${this.#total}  ok ${this.#ok}  failed ${this.#failed}`);
  }

  finish() {
    if (this.#tty && this.#total > 0) {
      this.#draw();
      this.#io.stderr.write("\n");
    }
  }
}

function summarize(rows: RowResult[]): BulkReport["summary"] {
  const count = (s: RowStatus) => rows.filter((r) => r.status === s).length;
  return { total: rows.length, created: count("created"), replayed: count("replayed"), failed: count("failed"), notRun: count("not_run") };
}

const CSV_REPORT_COLUMNS = [
  "row",
  "line",
  "status",
  "name",
  "email",
  "role",
  "project_name",
  "provision_id",
  "user_id",
  "project_id",
  "agent_id",
  "api_key",
  "claim_url",
  "expires_at",
  "error_code",
  "error_detail",
  "request_id",
  "idempotency_key",
] as const;

function inputValue(r: RowResult, field: Field): string {
  const key = Object.keys(r.input).find((k) => HEADERS[normalizeHeader(k)] === field);
  return key ? (r.input[key] ?? "").trim() : "";
}

export function reportCsv(report: BulkReport): string {
  return toCsv(
    CSV_REPORT_COLUMNS,
    report.rows.map((r) => {
      const p = r.provision;
      return [
        r.row,
        r.line,
        r.status,
        p ? p.name : inputValue(r, "name"),
        p ? p.email : inputValue(r, "email"),
        p ? p.role : inputValue(r, "role"),
        p ? p.projectName : inputValue(r, "projectName"),
        p?.id,
        p?.userId,
        p?.projectId,
        p?.agentId,
        p?.apiKey,
        p?.claimUrl,
        p?.expiresAt,
        r.error?.code,
        r.error?.detail,
        r.error?.requestId,
        r.idempotencyKey,
      ];
    }),
  );
}

function renderReport(report: BulkReport, path: string): string {
  return extname(path).toLowerCase() === ".json" ? JSON.stringify(report, null, 2) + "\n" : reportCsv(report);
}

/**
 * The report is rewritten whole (write, then rename) as rows finish, so an interruption leaves a readable
 * file. At most every 250 ms, and never more than about 5% of the time: a report of 10,000 rows is
 * megabytes, and rewriting it four times a second would slow the run it records (issue 17). Rows a
 * crash leaves out of the file are not lost: re-running answers them from the server's record.
 */
class ReportFile {
  #lastWrite = 0;
  #gapMs = 250;
  constructor(readonly path: string) {}

  write(report: BulkReport, force = false) {
    const now = Date.now();
    if (!force && now - this.#lastWrite < this.#gapMs) return;
    const tmp = `${this.path}.${process.pid}.tmp`;
    // It holds API keys and claim links: readable by its owner only.
    writeFileSync(tmp, renderReport(report, this.path), { mode: 0o600 });
    renameSync(tmp, this.path);
    this.#lastWrite = Date.now();
    this.#gapMs = Math.max(250, 20 * (this.#lastWrite - now));
  }
}

/** Answers that every further row would get too: no point sending the rest. */
const FATAL_CODES = new Set([
  "missing_credentials",
  "invalid_api_key",
  "api_key_revoked",
  "api_key_expired",
  "admin_key_required",
  "provision_expired",
  "provision_cancelled",
]);
/** This many rows in a row failing without an answer (after their retries) means the server is unreachable. */
const UNREACHABLE_AFTER = 3;

function toRowError(err: unknown): RowError {
  if (err instanceof HandoffError) {
    let detail = err.detail;
    if (err.code === "idempotency_key_reused") {
      detail +=
        " This row was provisioned by an earlier run of this file and has changed since; cancel that provision or use another --batch-id to provision it again.";
    }
    return { status: err.status, code: err.code, detail, requestId: err.requestId, errors: err.problem?.errors };
  }
  return { status: 0, code: "internal_error", detail: err instanceof Error ? err.message : String(err) };
}

export async function bulkProvision(o: BulkOptions): Promise<number> {
  const path = resolve(o.io.cwd, o.file);
  let text: string;
  let identity: string;
  try {
    text = readFileSync(path, "utf8");
    identity = realpathSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${o.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (o.report && resolve(o.io.cwd, o.report) === path) throw new UsageError("--report would overwrite the CSV file itself");
  const batchId = o.batchId ?? `file:${identity}`;
  const planned = planRows(text, batchId, o.defaults);
  if (planned.length === 0) throw new UsageError(`${o.file} has a header but no rows`);

  const report: BulkReport = {
    file: identity,
    batchId,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    interrupted: false,
    stopReason: null,
    summary: summarize(planned.map((p) => p.result)),
    rows: planned.map((p) => p.result),
  };
  const reportFile = o.report ? new ReportFile(resolve(o.io.cwd, o.report)) : undefined;
  const progress = new Progress(planned.length, o.io);
  let stopping: NodeJS.Signals | undefined;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: stop now, leaving the report as last written.
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stopping = signal;
    o.io.stderr.write(`\n${signal}: finishing the rows in flight, then writing the report (again to stop at once)\n`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  // Counted as rows finish rather than recounted over every row each time (quadratic in 10,000 rows).
  const record = (r: RowResult, counted = false) => {
    progress.record(r);
    if (!counted) {
      report.summary.notRun--;
      if (r.status === "created") report.summary.created++;
      else if (r.status === "replayed") report.summary.replayed++;
      else if (r.status === "failed") report.summary.failed++;
    }
    reportFile?.write(report);
  };

  try {
    // Rows refused before any request are reported at once (the summary counted them already).
    for (const p of planned) if (p.result.status === "failed") record(p.result, true);

    const queue = planned.filter((p) => p.body);
    let next = 0;
    let unanswered = 0;
    const worker = async () => {
      while (!stopping && !report.stopReason && next < queue.length) {
        const { result, body } = queue[next++]!;
        let replayed = false;
        try {
          result.provision = await o.client.provisions.create(body, {
            idempotencyKey: result.idempotencyKey,
            onResponse: (res) => {
              replayed = res.headers.get("idempotent-replayed") === "true";
            },
          });
          result.status = replayed ? "replayed" : "created";
          unanswered = 0;
        } catch (err) {
          result.status = "failed";
          const error = (result.error = toRowError(err));
          if (FATAL_CODES.has(error.code)) {
            report.stopReason ??= `every row would fail the same way: ${error.code}: ${error.detail}`;
          } else if (error.status === 0 && (error.code === "network_error" || error.code === "timeout")) {
            if (++unanswered >= UNREACHABLE_AFTER) report.stopReason ??= `the server does not answer (${error.code}: ${error.detail})`;
          } else {
            unanswered = 0;
          }
        }
        record(result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, Math.max(1, queue.length)) }, worker));
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  progress.finish();

  report.interrupted = Boolean(stopping);
  report.finishedAt = new Date().toISOString();
  report.summary = summarize(report.rows);
  reportFile?.write(report, true);

  const s = report.summary;
  if (o.json) {
    o.io.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    const lines: string[] = [];
    const provisioned = s.created + s.replayed;
    lines.push(
      `${s.total} rows: ${provisioned} provisioned` +
        (s.replayed ? ` (${s.replayed} of them by an earlier run of this file)` : "") +
        `, ${s.failed} failed` +
        (s.notRun ? `, ${s.notRun} not run (${report.stopReason ? "stopped early" : "interrupted"}: run the same command again to finish)` : "") +
        ".",
    );
    if (report.stopReason) lines.push(`Stopped early: ${report.stopReason}`);
    const failed = report.rows.filter((r) => r.status === "failed");
    if (failed.length) {
      lines.push("", "Failed rows:");
      lines.push(
        table(failed, [
          { header: "ROW", value: (r) => r.row, align: "right" },
          { header: "LINE", value: (r) => r.line, align: "right" },
          { header: "EMAIL", value: (r) => inputValue(r, "email") },
          { header: "CODE", value: (r) => r.error?.code },
          { header: "DETAIL", value: (r) => r.error?.detail },
        ]).trimEnd(),
      );
    }
    if (reportFile) {
      lines.push("", `Report: ${o.report} (it contains API keys and claim links: keep it safe)`);
      o.io.stdout.write(lines.join("\n") + "\n");
    } else {
      // No report file: the results (with the keys, shown once) go to stdout as CSV, the summary to stderr.
      o.io.stdout.write(reportCsv(report));
      o.io.stderr.write(lines.join("\n") + "\n");
    }
  }
  if (stopping) return stopping === "SIGINT" ? 130 : 143;
  return s.failed > 0 ? 1 : 0;
}
