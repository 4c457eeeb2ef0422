// End to end on the Workers runtime: `wrangler dev --local` runs src/entry/worker.ts in workerd with
// wrangler.toml as shipped, against the local PostgreSQL (a database of the run's own). The operator
// bootstraps it with `npm run handoff-admin -- bootstrap`, then everything goes over HTTP: provision,
// use the key, cancel it, a cron (`scheduled`) event that sweeps an expired provision away, and an OAuth
// client calling the Users API. Beside it, two real receivers on the host: a webhook endpoint (verified
// with the standardwebhooks library) and an HTTP mail relay (MAIL_HTTP_URL), both reached from workerd
// over 127.0.0.1.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeaders, startReceiver } from "../support/webhook-receiver.js";
import {
  createScratchDatabase,
  freePort,
  root,
  run,
  startDevWorker,
  type DevWorker,
  type RunResult,
  type ScratchDatabase,
} from "./support.js";

type Bootstrap = { organizationId: string; adminKey: string; ownerSetupUrl: string };
type Json = Record<string, any>;

const SIGNING = "w1:workers-e2e-signing-secret-0123456789abcdef";
const SEALING = "s1:workers-e2e-sealing-key-0123456789abcdef";
const RELAY_SECRET = "workers-e2e-relay-secret-0123456789";

type Relayed = { headers: IncomingHttpHeaders; body: Json };

/** An HTTP mail relay as README → Mail describes it: one JSON POST per message; records and answers 202. */
async function startRelay() {
  const received: Relayed[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(body) as Json });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Waits for something the Worker does after its response (ctx.waitUntil), asking the cron to run when it lags. */
async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const got = await probe();
    if (got !== undefined) return got;
    if (i === 50) await fetch(`${worker!.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} never happened:\n${worker!.logs().slice(-3000)}`);
}

let database: ScratchDatabase | undefined;
let worker: DevWorker | undefined;
let unconfigured: DevWorker | undefined;
let sql: pg.Client;
let tmp: string;
let boot: Bootstrap;
let firstBootstrap: RunResult;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let relay: Awaited<ReturnType<typeof startRelay>>;

function handoffAdmin(args: string[]): Promise<RunResult> {
  // What `npm run handoff-admin -- …` runs, without npm in between.
  return run(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "src/entry/admin.ts", ...args], {
    env: { ...process.env, DATABASE_URL: "", PUBLIC_URL: "", HANDOFF_ADMIN_KEY_FILE: "" },
  });
}

async function call(base: string, method: string, path: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...opts.headers,
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : null,
    redirect: "manual",
  });
  const text = await res.text();
  let body: Json = {};
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, headers: res.headers, body, text };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "handoff-workers-e2e-"));
  database = await createScratchDatabase();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  [receiver, relay] = await Promise.all([startReceiver(), startRelay()]);
  // The operator command and both workerd instances start together; nothing reaches the configured
  // Worker before the bootstrap (which migrates) has finished.
  const [bootstrapped, configured, bare] = await Promise.all([
    handoffAdmin([
      "bootstrap",
      "--database-url",
      database.url,
      "--public-url",
      publicUrl,
      "--org-name",
      "Edge Inc",
      "--admin-key-file",
      join(tmp, "admin.json"),
    ]),
    startDevWorker(
      {
        DATABASE_URL: database.url,
        PUBLIC_URL: publicUrl,
        CLAIM_SIGNING_SECRETS: SIGNING,
        HANDOFF_SEALING_KEY: SEALING,
        LOG_LEVEL: "info",
        // The receivers run on this host's loopback: the documented setting that lets webhooks reach it.
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
        MAIL_HTTP_URL: relay.url,
        MAIL_HTTP_SECRET: RELAY_SECRET,
        MAIL_FROM: "Handoff <handoff@edge.example>",
      },
      { port },
    ),
    // No DATABASE_URL and no Hyperdrive binding: what a first `wrangler deploy` without secrets gets.
    startDevWorker({ PUBLIC_URL: "https://handoff.example.com" }),
  ]);
  worker = configured;
  unconfigured = bare;
  firstBootstrap = bootstrapped;
  if (bootstrapped.code !== 0) throw new Error(`bootstrap failed (${bootstrapped.code}):\n${bootstrapped.stderr}`);
  boot = JSON.parse(await readFile(join(tmp, "admin.json"), "utf8")) as Bootstrap;
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
}, 120_000);

afterAll(async () => {
  await sql?.end().catch(() => {});
  await Promise.all([worker?.stop(), unconfigured?.stop(), receiver?.close(), relay?.close()]);
  await database?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 60_000);

describe("Handoff on workerd (wrangler dev --local) over PostgreSQL", () => {
  it("bootstraps through the operator command, once", async () => {
    expect(firstBootstrap.stdout).toContain(boot.adminKey);
    expect(firstBootstrap.stdout).toContain(boot.ownerSetupUrl);
    expect(boot.organizationId).toMatch(/^org_/);
    expect(boot.adminKey).toMatch(/^hnd_/);
    expect(boot.ownerSetupUrl).toMatch(new RegExp(`^${worker!.url}/setup/`));

    const again = await handoffAdmin(["bootstrap", "--database-url", database!.url, "--public-url", worker!.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`already has an organization (${boot.organizationId}`);
    expect(again.stdout).not.toMatch(/hnd_/);
    const orgs = await sql.query("select count(*)::int as n from organizations");
    expect(orgs.rows[0].n).toBe(1);
  });

  it("answers 503 service_unavailable (problem+json, no stack trace) when no database is configured", async () => {
    for (const path of ["/v1/me", "/healthz"]) {
      const res = await call(unconfigured!.url, "GET", path);
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("x-request-id")).toBe(res.body.requestId);
      expect(res.body).toMatchObject({ status: 503, code: "service_unavailable" });
      expect(res.body.detail).toContain("DATABASE_URL");
      expect(res.body.detail).toContain("HYPERDRIVE");
      expect(res.text).not.toMatch(/\n\s+at |\.ts:\d+|worker\.js/);
    }
  });

  it("serves the app: health, readiness, OpenAPI", async () => {
    expect((await call(worker!.url, "GET", "/healthz")).status).toBe(200);
    const ready = await call(worker!.url, "GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", database: "ok" });
    const spec = await call(worker!.url, "GET", "/openapi.json");
    expect(spec.body.servers).toEqual([{ url: worker!.url, description: expect.stringContaining("local"), "x-internal": false }]);
    expect(spec.body.paths["/v1/me"].get.responses["429"].headers["Retry-After"]).toBeDefined();
  });

  it("serves /docs and the viewer's own files (no CDN), under a CSP", async () => {
    const docs = await fetch(`${worker!.url}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await docs.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const path of assets) {
      const res = await fetch(`${worker!.url}${path}`);
      expect(res.status, path).toBe(200);
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
  });

  it("serves SCIM 2.0 at /scim/v2: discovery, a token, create, deactivate by PATCH, filter, delete", async () => {
    const base = worker!.url;
    const config = await call(base, "GET", "/scim/v2/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.headers.get("content-type")).toContain("application/scim+json");
    expect(config.body.patch).toEqual({ supported: true });
    const token = await call(base, "POST", "/v1/team/scim-tokens", { key: boot.adminKey, body: { name: "Edge IdP" } });
    expect(token.status).toBe(201);
    const scimKey = token.body.token as string;
    const scimType = { "content-type": "application/scim+json" };
    const created = await call(base, "POST", "/scim/v2/Users", {
      key: scimKey,
      body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "edge-scim@example.com", displayName: "Edge Person" },
      headers: scimType,
    });
    expect(created.status).toBe(201);
    const patched = await call(base, "PATCH", `/scim/v2/Users/${created.body.id}`, {
      key: scimKey,
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] },
      headers: scimType,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    const found = await call(base, "GET", `/scim/v2/Users?filter=${encodeURIComponent('userName eq "EDGE-SCIM@example.com"')}`, { key: scimKey });
    expect(found.body.totalResults).toBe(1);
    expect((await call(base, "DELETE", `/scim/v2/Users/${created.body.id}`, { key: scimKey })).status).toBe(204);
    const refused = await call(base, "GET", "/scim/v2/Users", { key: "hnd_nope" });
    expect(refused.status).toBe(401);
    expect(refused.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  it("provisions, the key works at once, cancel stops it at once", async () => {
    const created = await call(worker!.url, "POST", "/v1/team/provisions", {
      key: boot.adminKey,
      body: { name: "Ada Lovelace", email: "ada@example.com", role: "member" },
    });
    expect(created.status).toBe(201);
    expect(created.body.apiKey).toMatch(/^hnd_/);
    expect(created.body.claimUrl).toMatch(new RegExp(`^${worker!.url}/claim/w1\\.`));

    const me = await call(worker!.url, "GET", "/v1/me", { key: created.body.apiKey });
    expect(me.status).toBe(200);
    expect(me.body.organization).toEqual({ id: boot.organizationId, name: "Edge Inc" });
    expect(me.body.provision).toMatchObject({ id: created.body.id, status: "pending" });

    // An Idempotency-Key replay returns the same key: sealed with HANDOFF_SEALING_KEY, not kept in clear.
    const once = { key: boot.adminKey, body: { name: "Grace" }, headers: { "idempotency-key": "edge-once" } };
    const first = await call(worker!.url, "POST", "/v1/team/provisions", once);
    const replay = await call(worker!.url, "POST", "/v1/team/provisions", once);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.apiKey).toBe(first.body.apiKey);
    const stored = await sql.query("select response_ciphertext from idempotency_keys where idempotency_key = 'edge-once'");
    expect(stored.rows[0].response_ciphertext).toMatch(/^s1:/);
    expect(stored.rows[0].response_ciphertext).not.toContain(first.body.apiKey);

    const cancelled = await call(worker!.url, "DELETE", `/v1/team/provisions/${created.body.id}`, { key: boot.adminKey });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");

    const refused = await call(worker!.url, "GET", "/v1/me", { key: created.body.apiKey });
    expect(refused.status).toBe(401);
    // The key row goes with the cancelled provision, so it reads as unknown from now on.
    expect(["invalid_api_key", "provision_cancelled"]).toContain(refused.body.code);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const left = await sql.query("select count(*)::int as n from projects where id = $1", [created.body.projectId]);
    expect(left.rows[0].n).toBe(0);
  });

  it("a scheduled (cron) event sweeps away a provision that expired", async () => {
    const created = await call(worker!.url, "POST", "/v1/team/provisions", { key: boot.adminKey, body: { name: "Expiring" } });
    expect(created.status).toBe(201);
    const p = created.body;
    // Seeded into the past directly in the database: the clock of workerd cannot be moved.
    await sql.query(
      "update provisions set created_at = now() - interval '8 days', expires_at = now() - interval '1 hour' where id = $1",
      [p.id],
    );
    // Refused at request time already, before any sweep.
    const early = await call(worker!.url, "GET", "/v1/me", { key: p.apiKey });
    expect(early.status).toBe(401);
    expect(early.body.code).toBe("provision_expired");

    const ran = await fetch(`${worker!.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(ran.status).toBe(200);
    expect(await ran.text()).toContain("Ran scheduled event");

    const row = await sql.query("select status, expired_at from provisions where id = $1", [p.id]);
    expect(row.rows[0]).toMatchObject({ status: "expired" });
    expect(row.rows[0].expired_at).not.toBeNull();
    const remaining = await sql.query(
      `select (select count(*) from users where id = $1)::int as users,
              (select count(*) from projects where id = $2)::int as projects,
              (select count(*) from agents where project_id = $2)::int as agents,
              (select count(*) from api_keys where project_id = $2)::int as keys`,
      [p.userId, p.projectId],
    );
    expect(remaining.rows[0]).toEqual({ users: 0, projects: 0, agents: 0, keys: 0 });

    const ready = await call(worker!.url, "GET", "/readyz");
    expect(ready.body.sweeper.lastRun).toMatchObject({ trigger: "scheduled", expired: 1, complete: true, error: null });
    expect(worker!.logs()).toMatch(/"msg":"sweep finished".*"trigger":"scheduled"/);
  });

  it("a suspended member's keys stop at deauthorizeAt, decided at request time", async () => {
    const before = await call(worker!.url, "POST", "/v1/team/provisions", { key: boot.adminKey, body: { name: "Later" } });
    const past = await call(worker!.url, "POST", "/v1/team/provisions", { key: boot.adminKey, body: { name: "Past" } });
    for (const p of [before.body, past.body]) {
      const res = await call(worker!.url, "POST", `/v1/team/members/${p.userId}/suspend`, { key: boot.adminKey, body: { deauthorizeAfter: 3600 } });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe("suspended");
    }
    // Before its deadline the key still works.
    expect((await call(worker!.url, "GET", "/v1/me", { key: before.body.apiKey })).status).toBe(200);
    // The clock of workerd cannot be moved: the other deadline is moved into the past instead.
    await sql.query("update memberships set deauthorize_at = now() - interval '1 second' where user_id = $1", [past.body.userId]);
    const refused = await call(worker!.url, "GET", "/v1/me", { key: past.body.apiKey });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("member_suspended");
    // Suspending with no delay stops the key at once, on the instance that suspended.
    const now = await call(worker!.url, "POST", `/v1/team/members/${before.body.userId}/reactivate`, { key: boot.adminKey });
    expect(now.body.state).toBe("pending");
    await call(worker!.url, "POST", `/v1/team/members/${before.body.userId}/suspend`, { key: boot.adminKey, body: {} });
    expect((await call(worker!.url, "GET", "/v1/me", { key: before.body.apiKey })).body.code).toBe("member_suspended");
  });

  it("OAuth client credentials and the Users API: token (Basic + form), list, :suspend, revoke", async () => {
    const base = worker!.url;
    const app = await call(base, "POST", "/v1/team/oauth-apps", { key: boot.adminKey, body: { name: "Edge SOAR", scopes: ["users.list", "users.get", "users.suspend"] } });
    expect(app.status).toBe(201);
    const basic = `Basic ${Buffer.from(`${app.body.clientId}:${app.body.clientSecret}`).toString("base64")}`;
    const form = (body: Record<string, string>) =>
      fetch(`${base}/v1beta1/users/oauth2/${"token" in body ? "revoke" : "token"}`, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded", "user-agent": "EdgeSOAR/1.0" },
        body: new URLSearchParams(body),
      });
    const issued = await form({ grant_type: "client_credentials", scope: "users.list users.suspend" });
    expect(issued.status).toBe(200);
    expect(issued.headers.get("cache-control")).toBe("no-store");
    const token = (await issued.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: 900, scope: "users.list users.suspend" });
    const stored = await sql.query("select token_hash from oauth_tokens where client_id = $1", [app.body.clientId]);
    expect(JSON.stringify(stored.rows)).not.toContain(token.access_token);

    const placeholder = await call(base, "POST", "/v1/team/provisions", { key: boot.adminKey, body: { name: "Edge User", email: "edge-user@example.com" } });
    const ua = { "user-agent": "EdgeSOAR/1.0" };
    const users = `/v1beta1/accounts/${boot.organizationId}/users`;
    const list = await call(base, "GET", `${users}?max_page_size=1000`, { key: token.access_token, headers: ua });
    expect(list.status).toBe(200);
    expect(list.body.results).toContainEqual(
      expect.objectContaining({ id: placeholder.body.userId, email: "edge-user@example.com", display_name: "Edge User", path: `accounts/${boot.organizationId}/users/${placeholder.body.userId}` }),
    );
    const suspended = await call(base, "POST", `${users}/${placeholder.body.userId}:suspend`, { key: token.access_token, headers: ua });
    expect(suspended.status).toBe(200);
    expect(suspended.body.state).toBe("SUSPENDED");
    const row = await sql.query("select state from memberships where user_id = $1", [placeholder.body.userId]);
    expect(row.rows[0].state).toBe("suspended");
    const audit = await sql.query("select actor_type, actor_id from audit_events where action = 'member.suspended' and target_id = $1", [placeholder.body.userId]);
    expect(audit.rows).toEqual([{ actor_type: "oauth_client", actor_id: app.body.id }]);
    // Without the scope: refused in the Users API's error shape.
    const noScope = await call(base, "GET", `${users}/${placeholder.body.userId}`, { key: token.access_token, headers: ua });
    expect(noScope.status).toBe(403);
    expect(noScope.body.error).toMatchObject({ code: 403, status: "PERMISSION_DENIED" });

    expect((await form({ token: token.access_token })).status).toBe(200);
    const revoked = await call(base, "GET", users, { key: token.access_token, headers: ua });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.status).toBe("UNAUTHENTICATED");
  });

  it("completes the owner setup link (password hashing within the runtime's PBKDF2 limit)", async () => {
    const page = await fetch(boot.ownerSetupUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(csrf).toBeTruthy();
    const done = await fetch(boot.ownerSetupUrl, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: worker!.url },
      body: new URLSearchParams({ _csrf: csrf!, name: "Olive Owner", email: "owner@example.com", password: "correct horse battery" }),
      redirect: "manual",
    });
    expect(done.status).toBe(303);
    expect(done.headers.getSetCookie().join("\n")).toMatch(/handoff_session=/);
    const owner = await sql.query("select password_hash from users where email = $1", ["owner@example.com"]);
    expect(owner.rows[0].password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
  });

  it("lists the audit trail and streams its export whole, as JSON lines and as CSV", async () => {
    const base = worker!.url;
    // Enough events that the export spans many pages of its keyset reads (inserted directly: appends only).
    await sql.query(
      `insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, metadata, created_at)
       select 'evt_edge' || g, $1, 'system', 'edge', 'member.confirmed', 'user', 'usr_edge' || g, jsonb_build_object('n', g, 'note', 'a, "quoted" value'),
              date_trunc('milliseconds', now()) - make_interval(secs => g)
       from generate_series(1, 5000) g`,
      [boot.organizationId],
    );
    const total = (await sql.query("select count(*)::int as n from audit_events where organization_id = $1", [boot.organizationId])).rows[0].n as number;

    const page = await call(base, "GET", "/v1/team/audit-events?action=member.confirmed&limit=3", { key: boot.adminKey });
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(3);
    expect(page.body.data[0]).toMatchObject({ action: "member.confirmed", actor: { type: "system", id: "edge" }, target: { type: "user" } });
    const next = await call(base, "GET", `/v1/team/audit-events?action=member.confirmed&limit=3&cursor=${encodeURIComponent(page.body.nextCursor)}`, { key: boot.adminKey });
    expect(next.body.data.map((e: Json) => e.id)).not.toContain(page.body.data[0].id);

    const jsonl = await fetch(`${base}/v1/team/audit-events/export?format=jsonl`, { headers: { authorization: `Bearer ${boot.adminKey}` } });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get("content-type")).toContain("application/x-ndjson");
    const text = await jsonl.text();
    expect(text.endsWith("\n")).toBe(true);
    const events = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Json);
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.id)).size).toBe(total);

    const csv = await fetch(`${base}/v1/team/audit-events/export?format=csv`, { headers: { authorization: `Bearer ${boot.adminKey}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = (await csv.text()).split("\r\n");
    expect(rows.at(-1)).toBe("");
    expect(rows.filter((r) => r.includes(",member.confirmed,"))).toHaveLength(5000);
    expect(rows).toHaveLength(total + 2);
  });

  it("delivers a webhook to a receiver on the host, signed as Standard Webhooks says, with both secrets after a rotation", async () => {
    const base = worker!.url;
    const created = await call(base, "POST", "/v1/team/webhooks", { key: boot.adminKey, body: { url: receiver.url, events: ["member.*"], description: "edge" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    const arrived = (type: string, after: number) =>
      eventually(() => receiver.received.slice(after).find((r) => (JSON.parse(r.body) as Json).type === type), `a ${type} delivery`);

    const seen = receiver.received.length;
    const tested = await call(base, "POST", `/v1/team/webhooks/${id}/test`, { key: boot.adminKey });
    expect(tested.status, JSON.stringify(tested.body)).toBeLessThan(300);
    const test = await arrived("webhook.tested", seen);
    expect(new Webhook(secret).verify(test.body, signatureHeaders(test))).toMatchObject({ type: "webhook.tested" });

    // A real change: suspending someone reaches the receiver the same way.
    const p = await call(base, "POST", "/v1/team/provisions", { key: boot.adminKey, body: { name: "Hooked" } });
    const before = receiver.received.length;
    expect((await call(base, "POST", `/v1/team/members/${p.body.userId}/suspend`, { key: boot.adminKey, body: {} })).status).toBe(200);
    const suspended = await arrived("member.suspended", before);
    expect(new Webhook(secret).verify(suspended.body, signatureHeaders(suspended))).toMatchObject({ data: { target: { id: p.body.userId } } });
    const deliveries = await eventually(async () => {
      const list = await call(base, "GET", `/v1/team/webhooks/${id}/deliveries`, { key: boot.adminKey });
      return list.body.data.find((d: Json) => d.id === suspended.headers["webhook-id"] && d.status === "sent");
    }, "the delivery marked sent");
    expect(deliveries).toMatchObject({ attempts: 1, responseStatus: 200 });

    const rotated = await call(base, "POST", `/v1/team/webhooks/${id}/rotate-secret`, { key: boot.adminKey, body: { overlapSeconds: 3600 } });
    expect(rotated.status).toBe(200);
    const mark = receiver.received.length;
    await call(base, "POST", `/v1/team/webhooks/${id}/test`, { key: boot.adminKey });
    const both = await arrived("webhook.tested", mark);
    expect(String(both.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => new Webhook(rotated.body.secret).verify(both.body, signatureHeaders(both))).not.toThrow();
    expect(() => new Webhook(secret).verify(both.body, signatureHeaders(both))).not.toThrow();
  });

  it("mails through the HTTP relay (MAIL_HTTP_URL): the claim link of a provision that names an email", async () => {
    const base = worker!.url;
    const created = await call(base, "POST", "/v1/team/provisions", { key: boot.adminKey, body: { name: "Mailed Person", email: "mailed@edge.example" } });
    expect(created.status).toBe(201);
    const mail = await eventually(() => relay.received.find((m) => m.body.to === "mailed@edge.example"), "the relayed mail");
    expect(mail.headers.authorization).toBe(`Bearer ${RELAY_SECRET}`);
    expect(mail.headers["idempotency-key"]).toBe(mail.body.id);
    expect(mail.body).toMatchObject({ from: "Handoff <handoff@edge.example>", to: "mailed@edge.example" });
    expect(mail.body.text).toContain(created.body.claimUrl.split("?")[0]);
    expect(mail.body.html).toContain("Edge Inc");
    expect(JSON.stringify(mail.body)).not.toContain(created.body.apiKey);
    const state = await eventually(async () => {
      const got = await call(base, "GET", `/v1/team/provisions/${created.body.id}`, { key: boot.adminKey });
      return got.body.delivery?.state === "sent" ? got.body.delivery : undefined;
    }, "delivery state sent");
    expect(state).toMatchObject({ to: "mailed@edge.example", attempts: 1 });
  });

  it("closes every database connection once the requests are done", async () => {
    const others = async () =>
      (
        await sql.query("select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [
          database!.name,
        ])
      ).rows[0].n as number;
    let open = await others();
    for (let i = 0; i < 50 && open > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      open = await others();
    }
    expect(open).toBe(0);
  });
});
