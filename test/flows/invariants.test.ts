import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

async function countsFor(organizationId: string) {
  const count = async (table: "memberships" | "projects" | "agents" | "api_keys" | "provisions" | "audit_events") =>
    (await ctx.db.selectFrom(table).select(sql<string>`count(*)`.as("n")).where("organization_id", "=", organizationId).executeTakeFirstOrThrow()).n;
  return {
    memberships: Number(await count("memberships")),
    projects: Number(await count("projects")),
    agents: Number(await count("agents")),
    apiKeys: Number(await count("api_keys")),
    provisions: Number(await count("provisions")),
    auditEvents: Number(await count("audit_events")),
    placeholderUsers: Number(
      (await ctx.db.selectFrom("users").select(sql<string>`count(*)`.as("n")).where("status", "=", "placeholder").executeTakeFirstOrThrow()).n,
    ),
  };
}

describe("invariant 1: a provision is created whole or not at all", () => {
  it("a failure at the last insert leaves nothing behind, and the 500 leaks nothing", async () => {
    const o = await org(ctx);
    // Make the provisions insert fail for one name only, after user, membership, project, agent and key were written.
    await sql`alter table provisions add constraint test_refuse_name check (name is distinct from 'FAIL-ME')`.execute(ctx.db);
    try {
      const before = await countsFor(o.organizationId);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { name: "FAIL-ME" } });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe("internal_error");
      expect(JSON.stringify(res.body)).not.toMatch(/constraint|test_refuse_name|provisions|insert/i);
      expect(res.body.requestId).toBe(res.headers.get("x-request-id"));
      expect(await countsFor(o.organizationId)).toEqual(before);
      expect(ctx.logs.some((l) => l.includes(res.body.requestId) && l.includes("unhandled error"))).toBe(true);
    } finally {
      await sql`alter table provisions drop constraint test_refuse_name`.execute(ctx.db);
    }
  });

  it("50 provisions at once are all whole and distinct", async () => {
    const o = await org(ctx);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { name: `P${i}` } })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    for (const field of ["id", "userId", "projectId", "agentId", "apiKey", "claimUrl"]) {
      expect(new Set(replies.map((r) => r.body[field])).size).toBe(50);
    }
    const counts = await countsFor(o.organizationId);
    expect(counts).toMatchObject({ memberships: 50, projects: 50, agents: 50, apiKeys: 51, provisions: 50, auditEvents: 51 });
    const keys = await Promise.all(replies.map((r) => call(ctx, "GET", "/v1/me", { key: r.body.apiKey })));
    expect(keys.map((k) => k.status)).toEqual(Array(50).fill(200));
  });
});

describe("invariant 2: the key works at once and stops the moment its provision ends", () => {
  it("works on the first request", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const me = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
    expect(me.status).toBe(200);
    expect(me.body.provision).toEqual({ id: p.id, status: "pending", expiresAt: p.expiresAt });
  });

  it("stops at the expiry instant, even while cached and before any sweep", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { expiresIn: 300 });
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    ctx.clock.set(new Date(new Date(p.expiresAt).getTime() - 1));
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    ctx.clock.advance(1);
    const res = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("provision_expired");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("after DELETE returns, the key answers 401, even with 20 requests racing the cancel", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const racing = Array.from({ length: 20 }, () => call(ctx, "GET", "/v1/me", { key: p.apiKey }));
    const cancel = await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    expect(cancel.status).toBe(200);
    for (const r of await Promise.all(racing)) expect([200, 401]).toContain(r.status);
    const after = await Promise.all(Array.from({ length: 5 }, () => call(ctx, "GET", "/v1/me", { key: p.apiKey })));
    expect(after.map((r) => r.status)).toEqual(Array(5).fill(401));
  });

  it("a claimed provision's key keeps working past the original expiry", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { expiresIn: 60 });
    await ctx.db.updateTable("provisions").set({ status: "claimed", claimed_at: ctx.clock.now() }).where("id", "=", p.id).execute();
    ctx.clock.advanceSeconds(3600);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
  });
});

describe("invariant 7: no secret is stored in clear or written to a log", () => {
  it("neither the API key, the claim token nor its nonce appear in any table or log line", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { name: "Secretive" });
    const idem = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: {}, headers: { "idempotency-key": "i7" } });
    const regenerated = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey });
    const created = await call(ctx, "POST", "/v1/keys", { key: p.apiKey, body: { name: "extra" } });
    await call(ctx, "GET", "/v1/me", { key: "hnd_" + "A".repeat(49) });
    await ctx.settle();

    const secrets = [o.adminKey, p.apiKey, idem.body.apiKey, created.body.key];
    for (const url of [p.claimUrl, idem.body.claimUrl, regenerated.body.claimUrl]) {
      const token = url.split("/claim/")[1]!;
      const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
      secrets.push(token, payload.n);
    }
    const tables = ["organizations", "users", "memberships", "projects", "agents", "api_keys", "provisions", "audit_events", "idempotency_keys", "owner_setup_tokens"];
    let everything = "";
    for (const t of tables) {
      const rows = await sql<{ j: unknown }>`select row_to_json(x) as j from ${sql.table(t)} x`.execute(ctx.db);
      everything += JSON.stringify(rows.rows);
    }
    const logs = ctx.logs.join("\n");
    for (const s of secrets) {
      expect(everything).not.toContain(s);
      expect(logs).not.toContain(s);
    }
  });
});

describe("invariant 8: every request is authorized against the caller's organization", () => {
  it("another organization's ids answer 404 on every admin route, and nothing changes", async () => {
    const a = await org(ctx);
    const b = await org(ctx);
    const p = await provision(ctx, a);
    const before = await ctx.db.selectFrom("provisions").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    for (const [method, path] of [
      ["GET", `/v1/team/provisions/${p.id}`],
      ["DELETE", `/v1/team/provisions/${p.id}`],
      ["POST", `/v1/team/provisions/${p.id}/claim-link`],
    ] as const) {
      const res = await call(ctx, method, path, { key: b.adminKey });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await ctx.db.selectFrom("provisions").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow()).toEqual(before);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
  });

  it("a project key cannot see another project's agents or keys, even in its own organization", async () => {
    const o = await org(ctx);
    const mine = await provision(ctx, o);
    const theirs = await provision(ctx, o);
    expect((await call(ctx, "GET", `/v1/agents/${theirs.agentId}`, { key: mine.apiKey })).status).toBe(404);
    expect((await call(ctx, "DELETE", `/v1/keys/${theirs.apiKeyId}`, { key: mine.apiKey })).status).toBe(404);
    expect((await call(ctx, "GET", "/v1/me", { key: theirs.apiKey })).status).toBe(200);
  });
});
