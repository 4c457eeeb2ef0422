// The provisioning baseline no Node client can beat: `pgbench` (PostgreSQL's C client, installed with
// the server) running the seven inserts of one provision as a custom script. Beside the `pg` baseline it
// shows how much of a provision's time is the database's own and how much any Node client adds.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_AGENT } from "../../src/domain/agents.js";
import { EXPIRES_IN } from "../../src/domain/provision-rules.js";
import { withApplicationName } from "./support.js";

/**
 * The seven inserts createProvision makes (user, membership, project, default agent, key, provision,
 * audit event) in one transaction, with the same shapes as the `pg` baseline. Each transaction draws one
 * random number for its ids, hashes and email, so rows never collide; `:org` and `:admin` come from -D.
 * Run with `-M extended`, so every value travels as a bound parameter as it does from `pg` and the app.
 */
export function provisionScript(): string {
  return [
    "\\set n random(1, 9000000000000000000)",
    "begin;",
    "insert into users (id, status, name, email, password_hash, created_at, updated_at) values ('usr_' || :n::text, 'placeholder', 'Bench ' || :n::text, 'bench-pg-' || :n::text || '@example.com', null, now(), now());",
    "insert into memberships (organization_id, user_id, role, created_at) values (:org, 'usr_' || :n::text, 'member', now());",
    "insert into projects (id, organization_id, owner_user_id, name, created_at, updated_at) values ('prj_' || :n::text, :org, 'usr_' || :n::text, 'Bench ' || :n::text || '''s project', now(), now());",
    `insert into agents (id, organization_id, project_id, name, identifier, is_default, created_at, updated_at) values ('agt_' || :n::text, :org, 'prj_' || :n::text, '${DEFAULT_AGENT.name}', '${DEFAULT_AGENT.identifier}', true, now(), now());`,
    "insert into api_keys (id, organization_id, kind, project_id, agent_id, name, display_prefix, secret_hash, scopes, expires_at, created_at) values ('key_' || :n::text, :org, 'project', 'prj_' || :n::text, 'agt_' || :n::text, 'Provisioned key', 'hnd_bench000', md5('k' || :n::text) || md5('K' || :n::text), '[]', null, now());",
    "insert into provisions (id, organization_id, status, role, skip_onboarding, name, email, project_name, metadata, user_id, project_id, agent_id, api_key_id, claim_nonce_hash, expires_at, created_by_type, created_by_id, created_at, updated_at) " +
      `values ('prv_' || :n::text, :org, 'pending', 'member', true, 'Bench ' || :n::text, 'bench-pg-' || :n::text || '@example.com', 'Bench ' || :n::text || '''s project', null, 'usr_' || :n::text, 'prj_' || :n::text, 'agt_' || :n::text, 'key_' || :n::text, md5('c' || :n::text) || md5('C' || :n::text), now() + interval '${EXPIRES_IN.default} seconds', 'admin_key', :admin, now(), now());`,
    "insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, request_id, metadata, created_at) " +
      "values ('evt_' || :n::text, :org, 'admin_key', :admin, 'provision.created', 'provision', 'prv_' || :n::text, 'req_bench_' || :n::text, " +
      "json_build_object('role', 'member', 'userId', 'usr_' || :n::text, 'projectId', 'prj_' || :n::text, 'agentId', 'agt_' || :n::text, 'apiKeyId', 'key_' || :n::text)::jsonb, now());",
    "commit;",
    "",
  ].join("\n");
}

export type PgbenchRun = { tps: number; transactions: number; seconds: number; latencyMs: number | null };

export type Pgbench = {
  /** Runs the script on `clients` connections for `seconds` (whole seconds: pgbench's -T). */
  run(seconds: number): Promise<PgbenchRun>;
  close(): void;
};

/** Is the pgbench binary on PATH? (PostgreSQL's client package installs it.) */
export async function pgbenchAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn("pgbench", ["--version"], { stdio: "ignore" });
    p.on("error", () => resolve(false));
    p.on("exit", (code) => resolve(code === 0));
  });
}

/**
 * pgbench on the schema `schema` of `url`, its connections named `applicationName` (so the backends'
 * CPU is measured like the app's), `clients` connections on 2 threads.
 */
export function pgbench(opts: { url: string; schema: string; applicationName: string; clients: number; organizationId: string; adminKeyId: string }): Pgbench {
  const dir = mkdtempSync(join(tmpdir(), "handoff-pgbench-"));
  const script = join(dir, "provision.sql");
  writeFileSync(script, provisionScript());
  const conninfo = new URL(withApplicationName(opts.url, opts.applicationName));
  conninfo.searchParams.set("options", `-csearch_path=${opts.schema}`);
  return {
    run: (seconds) =>
      new Promise((resolve, reject) => {
        const args = [
          "-n", // no vacuum of pgbench's own tables (there are none)
          "-M", "extended",
          "-c", String(opts.clients),
          "-j", "2",
          "-T", String(Math.max(1, Math.round(seconds))),
          "-f", script,
          "-D", `org=${opts.organizationId}`,
          "-D", `admin=${opts.adminKeyId}`,
          conninfo.toString(),
        ];
        const child = spawn("pgbench", args, { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("error", reject);
        child.on("exit", (code) => {
          const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
          const done = /number of transactions actually processed: (\d+)/.exec(out);
          const failed = /number of failed transactions: (\d+)/.exec(out);
          const latency = /latency average = ([\d.]+) ms/.exec(out);
          if (code !== 0 || !tps || !done || (failed && Number(failed[1]) > 0)) {
            reject(new Error(`pgbench failed (exit ${code}):\n${out.trim().split("\n").slice(-15).join("\n")}`));
            return;
          }
          const tpsValue = Number(tps[1]);
          const transactions = Number(done[1]);
          resolve({ tps: tpsValue, transactions, seconds: transactions / tpsValue, latencyMs: latency ? Number(latency[1]) : null });
        });
      }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
