import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../../sdk/scripts/build.mjs";
import { parseCsv } from "../../sdk/src/cli/csv.js";
import { run } from "../../sdk/src/cli/main.js";
import { useTestContext } from "../support/context.js";
import { org, provision, type Org } from "../support/factories.js";
import { appFetch, serveApp, type Served } from "./support.js";

const ctx = useTestContext();
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

let dir: string;
let cli: string;
let served: Served;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "handoff-cli-"));
  cli = await buildCli(join(dir, "cli.js"));
  served = await serveApp(ctx);
});
afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

type RunOptions = {
  key?: string;
  url?: string;
  env?: Record<string, string>;
  /** Called with each complete stderr line; may kill the process. */
  onStderrLine?: (line: string, child: ReturnType<typeof spawn>) => void;
  script?: string;
};

/** Runs the built CLI in a child process, as a user would. */
function handoff(args: string[], o: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [o.script ?? cli, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HANDOFF_URL: o.url ?? served.url,
        ...(o.key ? { HANDOFF_API_KEY: o.key } : {}),
        ...o.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      partial += d;
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const line of lines) o.onStderrLine?.(line, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The same CLI in-process (no child process): for the many small commands, to keep the suite quick. */
async function handoffHere(args: string[], o: { key?: string } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HANDOFF_URL: "http://handoff.test", ...(o.key ? { HANDOFF_API_KEY: o.key } : {}) },
    cwd: dir,
    fetch: appFetch(ctx) as typeof fetch,
  });
  return { code, signal: null, stdout, stderr };
}

async function provisionsOf(o: Org) {
  return ctx.db.selectFrom("provisions").select(["id", "email", "status"]).where("organization_id", "=", o.organizationId).execute();
}

describe("handoff CLI: help and usage", () => {
  it("--help prints the commands and exits 0", async () => {
    const r = await handoff(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["whoami", "provision", "provisions list", "agents create", "keys roll"]) expect(r.stdout).toContain(command);
  });

  it("the repository's bin (node_modules/.bin/handoff → sdk/bin/handoff.js) runs without a build", async () => {
    const r = await handoff(["provision", "--help"], { script: join(repoRoot, "node_modules/.bin/handoff") });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--csv FILE");
  });

  it("usage errors exit 2 with a hint on stderr", async () => {
    const bad = await handoff(["provisions", "list", "--stauts", "pending"], { key: "hnd_x" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option --stauts (did you mean --status?)");
    const noKey = await handoff(["whoami"]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("HANDOFF_API_KEY");
    const stray = await handoff(["keys", "list", "--role", "admin"], { key: "hnd_x" });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--role is not an option of `handoff keys list`");
  });
});

describe("handoff CLI: single commands", () => {
  let o: Org;
  beforeAll(async () => {
    o = await org(ctx, "CLI Org");
  });

  it("provision: prints the key and the claim link; --json prints the create response", async () => {
    const human = await handoff(["provision", "--name", "Ada Lovelace", "--email", "ada@example.com", "--role", "admin", "--project-name", "Engine", "--expires-in", "2d", "--no-skip-onboarding"], { key: o.adminKey });
    expect(human.stderr).toBe("");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/API key:\s+hnd_/);
    expect(human.stdout).toMatch(/Claim link:\s+http:\/\/handoff\.test\/claim\//);
    expect(human.stdout).toContain("shown this once");

    const json = await handoff(["provision", "--email", "grace@example.com", "--json", "--metadata", '{"team":"ops"}'], { key: o.adminKey });
    expect(json.code).toBe(0);
    const p = JSON.parse(json.stdout);
    expect(p).toMatchObject({ email: "grace@example.com", role: "member", skipOnboarding: true, status: "pending", metadata: { team: "ops" } });
    expect(p.apiKey).toMatch(/^hnd_/);
    expect(p.claimUrl).toContain("/claim/");

    const rows = await provisionsOf(o);
    const ada = await ctx.db.selectFrom("provisions").selectAll().where("email", "=", "ada@example.com").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    expect(ada).toMatchObject({ role: "admin", skip_onboarding: false, name: "Ada Lovelace", project_name: "Engine" });
    expect(ada.expires_at.getTime() - ada.created_at.getTime()).toBe(2 * 86400_000);
    expect(rows).toHaveLength(2);
  });

  it("provision --idempotency-key: the same key twice provisions once", async () => {
    const a = JSON.parse((await handoff(["provision", "--name", "Once", "--idempotency-key", "cli-once", "--json"], { key: o.adminKey })).stdout);
    const b = JSON.parse((await handoff(["provision", "--name", "Once", "--idempotency-key", "cli-once", "--json"], { key: o.adminKey })).stdout);
    expect(b).toEqual(a);
  });

  it("whoami: a summary, or with --json the /v1/me body", async () => {
    const p = await provision(ctx, o, { name: "Whoami" });
    const human = await handoff(["whoami"], { key: p.apiKey });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("CLI Org");
    expect(human.stdout).toContain(p.id);
    const json = await handoff(["whoami", "--json"], { key: p.apiKey });
    const me = await (await ctx.app.request("/v1/me", { headers: { authorization: `Bearer ${p.apiKey}` } })).json();
    expect(JSON.parse(json.stdout)).toEqual(me);
  });

  it("provisions list | get | link | cancel (in-process)", async () => {
    const o2 = await org(ctx, "Listing");
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await provision(ctx, o2, { name: `L${i}`, email: `l${i}@example.com` }));

    const table = await handoffHere(["provisions", "list", "--limit", "2"], { key: o2.adminKey });
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+STATUS\s+ROLE\s+NAME\s+EMAIL/);
    expect(table.stdout.trim().split("\n")).toHaveLength(3);
    expect(table.stderr).toMatch(/More: handoff provisions list --cursor \S+/);

    const all = JSON.parse((await handoffHere(["provisions", "list", "--all", "--limit", "2", "--json"], { key: o2.adminKey })).stdout);
    expect(all.nextCursor).toBeNull();
    expect(all.data.map((p: { id: string }) => p.id).sort()).toEqual(made.map((p) => p.id).sort());

    const got = JSON.parse((await handoffHere(["provisions", "get", made[0]!.id, "--json"], { key: o2.adminKey })).stdout);
    expect(got).toMatchObject({ id: made[0]!.id, name: "L0" });
    const shown = await handoffHere(["provisions", "get", made[0]!.id], { key: o2.adminKey });
    expect(shown.stdout).toMatch(/Email:\s+l0@example.com/);

    const link = JSON.parse((await handoffHere(["provisions", "link", made[0]!.id, "--expires-in", "1h", "--json"], { key: o2.adminKey })).stdout);
    expect(link.claimUrl).not.toBe(made[0]!.claimUrl);
    expect(Date.parse(link.expiresAt)).toBe(ctx.clock.now().getTime() + 3600_000);

    const cancelled = await handoffHere(["provisions", "cancel", made[1]!.id], { key: o2.adminKey });
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(`Cancelled ${made[1]!.id}`);
    const pending = JSON.parse((await handoffHere(["provisions", "list", "--status", "pending", "--json"], { key: o2.adminKey })).stdout);
    expect(pending.data).toHaveLength(2);
  });

  it("agents and keys, end to end, with --json everywhere (in-process)", async () => {
    const p = await provision(ctx, o, { name: "Agents" });
    const key = { key: p.apiKey };
    const j = async (args: string[]) => {
      const r = await handoffHere([...args, "--json"], key);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const agent = await j(["agents", "create", "--name", "Support bot", "--identifier", "support-bot"]);
    expect(agent).toMatchObject({ identifier: "support-bot", isDefault: false });
    expect((await j(["agents", "get", agent.id])).name).toBe("Support bot");
    expect((await j(["agents", "get", "default"])).isDefault).toBe(true);
    expect((await j(["agents", "update", agent.id, "--name", "Helpdesk"])).name).toBe("Helpdesk");
    expect((await j(["agents", "list"])).data).toHaveLength(2);
    const agentsTable = await handoffHere(["agents", "list"], key);
    expect(agentsTable.stdout).toMatch(/^ID\s+IDENTIFIER\s+NAME\s+DEFAULT/);
    expect(agentsTable.stdout).toContain("support-bot");

    const k = await j(["keys", "create", "--name", "CI", "--agent", agent.id, "--scopes", "agents:read,keys:read", "--expires-in", "30d"]);
    expect(k).toMatchObject({ name: "CI", agentId: agent.id, scopes: ["agents:read", "keys:read"] });
    expect(k.key).toMatch(/^hnd_/);
    const keys = await j(["keys", "list"]);
    expect(keys.data.map((x: { id: string }) => x.id)).toContain(k.id);
    const rolled = await j(["keys", "roll", k.id, "--grace-period", "1h"]);
    expect(rolled.previous.id).toBe(k.id);
    const humanRoll = await handoffHere(["keys", "roll", rolled.id], key);
    expect(humanRoll.stdout).toMatch(/API key:\s+hnd_/);
    expect(humanRoll.stdout).toContain("stopped working");
    const newest = JSON.parse((await handoffHere(["keys", "list", "--json"], key)).stdout).data.find((x: { status: string; name: string; replacedByKeyId: string | null }) => x.name === "CI" && !x.replacedByKeyId);
    expect((await j(["keys", "revoke", newest.id])).status).toBe("revoked");

    expect(await j(["agents", "delete", agent.id])).toEqual({ id: agent.id, deleted: true });
    const gone = await handoffHere(["agents", "get", agent.id], key);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("not_found (HTTP 404)");
  });

  it("API errors: exit 1, the problem code on stderr; with --json the problem body", async () => {
    const human = await handoff(["provisions", "get", "prv_missing"], { key: o.adminKey });
    expect(human.code).toBe(1);
    expect(human.stdout).toBe("");
    expect(human.stderr).toMatch(/^handoff: not_found \(HTTP 404\): /);
    expect(human.stderr).toMatch(/request id: req_/);

    const json = await handoff(["provision", "--email", "not-an-email", "--json"], { key: o.adminKey });
    expect(json.code).toBe(1);
    expect(json.stdout).toBe("");
    const problem = JSON.parse(json.stderr);
    expect(problem).toMatchObject({ status: 400, code: "validation_failed", errors: [{ path: "email" }] });

    const wrongKind = await handoff(["whoami"], { key: o.adminKey });
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain("project_key_required");

    const down = await handoff(["provisions", "list", "--max-retries", "0"], { key: o.adminKey, url: "http://127.0.0.1:9" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("network_error");
  });
});

/** 200 people, with bad rows a client check or the server refuses. */
function peopleCsv(count: number, tag: string, bad: Map<number, string[]> = new Map()) {
  const lines = ["name,email,role,project_name,expires_in"];
  for (let i = 1; i <= count; i++) {
    const fields = bad.get(i) ?? [i === 3 ? `"Lovelace, Ada ${i}"` : `Person ${i}`, `${tag}${i}@example.com`, i % 10 === 0 ? "admin" : "member", `Project ${i}`, i % 2 ? "7d" : ""];
    lines.push(fields.join(","));
  }
  return lines.join("\n") + "\n";
}

const BAD_ROWS = new Map<number, string[]>([
  [7, ["Bad email", "not-an-email", "member", "", ""]], // the server refuses it
  [50, ["Bad role", "role@example.com", "owner", "", ""]], // the CLI refuses it
  [99, ["Bad expiry", "expiry@example.com", "member", "", "soon"]], // the CLI refuses it
  [150, ["Too short", "short@example.com", "member", "", "10"]], // the server refuses it (min 60 s)
  [200, ["Bad email 2", "@example.com", "", "", ""]],
]);

describe("handoff provision --csv", () => {
  it("provisions 200 rows, reports and skips the bad ones, exits 1; a re-run provisions nothing twice", { timeout: 120_000 }, async () => {
    const o = await org(ctx, "Bulk");
    const file = join(dir, "people.csv");
    writeFileSync(file, peopleCsv(200, "bulk", BAD_ROWS));

    const r = await handoff(["provision", "--csv", "people.csv", "--report", "report.json", "--json"], { key: o.adminKey });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ total: 200, created: 195, replayed: 0, failed: 5, notRun: 0 });
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toEqual(report);
    expect(statSync(join(dir, "report.json")).mode & 0o777).toBe(0o600);

    const failed = report.rows.filter((x: { status: string }) => x.status === "failed");
    expect(failed.map((x: { row: number }) => x.row)).toEqual([7, 50, 99, 150, 200]);
    const byRow = Object.fromEntries(failed.map((x: { row: number; error: { code: string } }) => [x.row, x.error.code]));
    expect(byRow).toEqual({ 7: "validation_failed", 50: "invalid_row", 99: "invalid_row", 150: "validation_failed", 200: "validation_failed" });

    const ok = report.rows.filter((x: { status: string }) => x.status === "created");
    for (const row of ok) {
      expect(row.provision.apiKey).toMatch(/^hnd_/);
      expect(row.provision.claimUrl).toContain("/claim/");
      expect(row.provision.email).toBe(`bulk${row.row}@example.com`);
    }
    expect(report.rows.find((x: { row: number }) => x.row === 3).provision.name).toBe("Lovelace, Ada 3");
    expect(report.rows.find((x: { row: number }) => x.row === 10).provision.role).toBe("admin");

    // Progress on a non-TTY stderr: a plain line per row.
    const progress = r.stderr.split("\n").filter((l) => /^\[\s*\d+\/200\] row \d+ /.test(l));
    expect(progress).toHaveLength(200);
    expect(r.stderr).not.toContain("\r");

    let rows = await provisionsOf(o);
    expect(rows).toHaveLength(195);
    expect(new Set(rows.map((x) => x.email)).size).toBe(195);

    // The same file again, CSV report this time: every row is answered from the first run.
    const again = await handoff(["provision", "--csv", "people.csv", "--report", "report.csv"], { key: o.adminKey });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("200 rows: 195 provisioned (195 of them by an earlier run of this file), 5 failed.");
    expect(again.stdout).toMatch(/Failed rows:\nROW\s+LINE\s+EMAIL\s+CODE\s+DETAIL/);
    rows = await provisionsOf(o);
    expect(rows).toHaveLength(195);

    const [header, ...records] = parseCsv(readFileSync(join(dir, "report.csv"), "utf8")).map((x) => x.fields);
    expect(header).toEqual(expect.arrayContaining(["row", "status", "email", "provision_id", "api_key", "claim_url", "error_code", "error_detail"]));
    const col = (name: string) => header!.indexOf(name);
    expect(records).toHaveLength(200);
    const replayed = records.filter((x) => x[col("status")] === "replayed");
    expect(replayed).toHaveLength(195);
    const firstRun = new Map(ok.map((x: { row: number; provision: { id: string; apiKey: string } }) => [String(x.row), x.provision]));
    for (const x of replayed) {
      expect(x[col("provision_id")]).toBe((firstRun.get(x[col("row")]!) as { id: string }).id);
      expect(x[col("api_key")]).toBe((firstRun.get(x[col("row")]!) as { apiKey: string }).apiKey);
    }
    expect(records.find((x) => x[col("row")] === "50")![col("error_detail")]).toContain("role must be admin or member");
  });

  it("an interrupted run (killed mid-way) resumes without duplicates", { timeout: 120_000 }, async () => {
    const o = await org(ctx, "Interrupted");
    // A slower server, so the kill lands mid-way; it counts the requests it is still working on.
    let inFlight = 0;
    const slow = await serveApp(ctx, (inner) => async (req) => {
      inFlight++;
      try {
        if (req.method === "POST") await new Promise((r) => setTimeout(r, 25));
        return await inner(req);
      } finally {
        inFlight--;
      }
    });
    try {
      writeFileSync(join(dir, "resume.csv"), peopleCsv(80, "resume"));
      let done = 0;
      const killed = await handoff(["provision", "--csv", "resume.csv", "--report", "resume.json"], {
        key: o.adminKey,
        url: slow.url,
        onStderrLine: (line, child) => {
          if (/ created prv_/.test(line) && ++done === 20) child.kill("SIGKILL");
        },
      });
      expect(killed.signal).toBe("SIGKILL");
      // Requests the killed process had sent still finish on the server: count once they have.
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
      const before = (await provisionsOf(o)).length;
      expect(before).toBeGreaterThanOrEqual(20);
      expect(before).toBeLessThan(80);

      const resumed = await handoff(["provision", "--csv", "resume.csv", "--report", "resume.json", "--json"], { key: o.adminKey, url: slow.url });
      expect(resumed.code).toBe(0);
      const report = JSON.parse(resumed.stdout);
      expect(report.summary.failed).toBe(0);
      expect(report.summary.created + report.summary.replayed).toBe(80);
      // Everything the first run had provisioned (even a row whose answer never arrived) is replayed.
      expect(report.summary.replayed).toBe(before);

      const rows = await provisionsOf(o);
      expect(rows).toHaveLength(80);
      expect(new Set(rows.map((x) => x.email)).size).toBe(80);
    } finally {
      await slow.close();
    }
  });

  it("SIGINT finishes the rows in flight, writes a partial report and exits 130", { timeout: 60_000 }, async () => {
    const o = await org(ctx, "Ctrl-C");
    const slow = await serveApp(ctx, (inner) => async (req) => {
      if (req.method === "POST") await new Promise((r) => setTimeout(r, 25));
      return inner(req);
    });
    try {
      writeFileSync(join(dir, "ctrlc.csv"), peopleCsv(60, "ctrlc"));
      let done = 0;
      const r = await handoff(["provision", "--csv", "ctrlc.csv", "--report", "ctrlc.json"], {
        key: o.adminKey,
        url: slow.url,
        onStderrLine: (line, child) => {
          if (/ created prv_/.test(line) && ++done === 10) child.kill("SIGINT");
        },
      });
      expect(r.code).toBe(130);
      const report = JSON.parse(readFileSync(join(dir, "ctrlc.json"), "utf8"));
      expect(report.interrupted).toBe(true);
      expect(report.summary.notRun).toBeGreaterThan(0);
      expect(report.summary.created).toBe((await provisionsOf(o)).length);
      expect(r.stdout).toContain("not run (interrupted: run the same command again to finish)");
    } finally {
      await slow.close();
    }
  });

  it("refuses unknown columns before provisioning anything", async () => {
    const o = await org(ctx);
    writeFileSync(join(dir, "typo.csv"), "name,emial\nAda,ada@example.com\n");
    const r = await handoff(["provision", "--csv", "typo.csv"], { key: o.adminKey });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown CSV column(s) "emial"');
    expect(await provisionsOf(o)).toHaveLength(0);
  });

  it("stops early when every row would fail the same way (a bad key), leaving the rest not_run", async () => {
    const o = await org(ctx);
    writeFileSync(join(dir, "badkey.csv"), peopleCsv(30, "badkey"));
    const p = await provision(ctx, o); // a project key: not allowed to provision
    const r = await handoffHere(["provision", "--csv", "badkey.csv", "--json"], { key: p.apiKey });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.stopReason).toContain("admin_key_required");
    expect(report.summary.failed).toBeGreaterThanOrEqual(1);
    expect(report.summary.failed).toBeLessThanOrEqual(4); // at most the rows already in flight
    expect(report.summary.notRun).toBe(30 - report.summary.failed);
    expect((await provisionsOf(o)).length).toBe(1);
  });

  it("stops early when the server does not answer", async () => {
    writeFileSync(join(dir, "down.csv"), peopleCsv(20, "down"));
    let out = "";
    let attempts = 0;
    const code = await run(["provision", "--csv", "down.csv", "--json", "--max-retries", "0", "--concurrency", "1"], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: { HANDOFF_API_KEY: "hnd_whatever", HANDOFF_URL: "http://handoff.test" },
      cwd: dir,
      fetch: (async () => {
        attempts++;
        throw new TypeError("fetch failed");
      }) as typeof fetch,
    });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.stopReason).toContain("the server does not answer (network_error");
    expect(report.summary).toMatchObject({ failed: 3, notRun: 17 });
    expect(attempts).toBe(3);
  });

  it("refuses a report path that is the CSV file itself", async () => {
    const o = await org(ctx);
    writeFileSync(join(dir, "self.csv"), peopleCsv(2, "self"));
    const r = await handoffHere(["provision", "--csv", "self.csv", "--report", "./self.csv"], { key: o.adminKey });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("would overwrite the CSV file");
  });

  it("draws a progress bar when stderr is a terminal (in-process run)", async () => {
    const o = await org(ctx);
    writeFileSync(join(dir, "tty.csv"), peopleCsv(5, "tty"));
    let out = "";
    let err = "";
    const code = await run(["provision", "--csv", "tty.csv", "--report", "tty.csv.report.csv"], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: true, columns: 100 },
      env: { HANDOFF_API_KEY: o.adminKey, HANDOFF_URL: "http://handoff.test" },
      cwd: dir,
      fetch: appFetch(ctx) as typeof fetch,
    });
    expect(code).toBe(0);
    expect(err).toContain("\r\x1b[K");
    expect(err).toContain("100%  5/5  ok 5  failed 0");
    expect(err).not.toMatch(/row \d+ created/);
    expect(out).toContain("5 rows: 5 provisioned, 0 failed.");
  });
});
