import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

/** An organization with a few events: two provisions (one cancelled) and a member suspended. */
async function orgWithHistory() {
  const o = await org(ctx);
  ctx.clock.advance(1000);
  const a = await provision(ctx, o, { role: "member" });
  ctx.clock.advance(1000);
  const b = await provision(ctx, o, { role: "member" });
  ctx.clock.advance(1000);
  expect((await call(ctx, "DELETE", `/v1/team/provisions/${b.id}`, { key: o.adminKey })).status).toBe(200);
  ctx.clock.advance(1000);
  const m = await addMember(ctx, o);
  await call(ctx, "POST", `/v1/team/members/${m.userId}/suspend`, { key: o.adminKey, body: {} });
  return { o, a, b, m };
}

describe("GET /v1/team/audit-events", () => {
  describe("happy", () => {
    it("lists the organization's events newest first, with actor, target and request id", async () => {
      const { o, b, m } = await orgWithHistory();
      const res = await call(ctx, "GET", "/v1/team/audit-events", { key: o.adminKey });
      expect(res.status).toBe(200);
      const actions = res.body.data.map((e: any) => e.action);
      expect(actions.slice(0, 4)).toEqual(["member.suspended", "provision.cancelled", "provision.created", "provision.created"]);
      expect(res.body.data[0]).toMatchObject({
        action: "member.suspended",
        actor: { type: "admin_key", id: expect.stringMatching(/^key_/) },
        target: { type: "user", id: m.userId },
        requestId: expect.any(String),
        createdAt: expect.any(String),
      });
      expect(res.body.data[1].target).toEqual({ type: "provision", id: b.id });
    });

    it("filters by action, actor, target and time, and pages with a cursor", async () => {
      const { o, a, b } = await orgWithHistory();
      const get = async (q: string) => (await call(ctx, "GET", `/v1/team/audit-events?${q}`, { key: o.adminKey })).body;
      expect((await get("action=provision.created")).data.map((e: any) => e.target.id)).toEqual([b.id, a.id]);
      expect((await get(`targetId=${b.id}`)).data.map((e: any) => e.action)).toEqual(["provision.cancelled", "provision.created"]);
      const first = (await get("action=provision.created")).data[1];
      expect((await get(`actorId=${first.actor.id}&action=provision.created`)).data).toHaveLength(2);
      const since = new Date(Date.parse(first.createdAt) + 500).toISOString();
      expect((await get(`action=provision.created&since=${since}`)).data.map((e: any) => e.target.id)).toEqual([b.id]);
      expect((await get(`action=provision.created&until=${since}`)).data.map((e: any) => e.target.id)).toEqual([a.id]);
      const p1 = await get("limit=2");
      expect(p1.data).toHaveLength(2);
      const p2 = await get(`limit=2&cursor=${p1.nextCursor}`);
      expect(p2.data[0].id).not.toBe(p1.data[1].id);
      expect(p2.data.map((e: any) => e.action)).toEqual(["provision.created", "provision.created"]);
    });

    it("a member of a group granting read_audit may read the trail", async () => {
      const { o } = await orgWithHistory();
      const g = await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: "Auditors", permissions: ["read_audit"] } });
      const m = await addMember(ctx, o, { groups: [g.body.id] });
      const res = await call(ctx, "GET", "/v1/team/audit-events", { headers: asMember(m) });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeGreaterThan(3);
    });
  });

  describe("errors", () => {
    it("refuses an unknown action, a bad instant and a bad cursor, naming the field (400)", async () => {
      const o = await org(ctx);
      for (const [q, path] of [
        ["action=member.teleported", "query.action"],
        ["since=yesterday", "query.since"],
        ["until=0000-01-01T00:00:00Z", "query.until"],
        ["actorId=%00", "query.actorId"],
      ]) {
        const res = await call(ctx, "GET", `/v1/team/audit-events?${q}`, { key: o.adminKey });
        expect(res.status, q).toBe(400);
        expect(res.body.errors[0].path).toBe(path);
      }
      const res = await call(ctx, "GET", "/v1/team/audit-events?cursor=abc", { key: o.adminKey });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("invalid_cursor");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/audit-events" });
    itGuardsTeamSessions(ctx, "read_audit", () => ({ method: "GET", path: "/v1/team/audit-events" }));

    it("never shows another organization's events", async () => {
      const { b } = await orgWithHistory();
      const other = await org(ctx);
      const res = await call(ctx, "GET", `/v1/team/audit-events?targetId=${b.id}`, { key: other.adminKey });
      expect(res.body.data).toEqual([]);
    });

    it("an admin may read the trail; a plain member may not", async () => {
      const { o } = await orgWithHistory();
      expect((await call(ctx, "GET", "/v1/team/audit-events", { headers: asMember(await addMember(ctx, o, { role: "admin" })) })).status).toBe(200);
      expect((await call(ctx, "GET", "/v1/team/audit-events", { headers: asMember(await addMember(ctx, o)) })).status).toBe(403);
    });
  });
});

describe("GET /v1/team/audit-events/export", () => {
  it("streams JSON lines, oldest first, each line an event", async () => {
    const { o } = await orgWithHistory();
    const res = await ctx.app.request("/v1/team/audit-events/export", { headers: { authorization: `Bearer ${o.adminKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-org_.*\.jsonl"$/);
    const lines = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    const actions = lines.map((e) => e.action);
    expect(actions.slice(-4)).toEqual(["provision.created", "provision.created", "provision.cancelled", "member.suspended"]);
    expect(lines.every((e) => typeof e.id === "string" && e.actor && e.target)).toBe(true);
  });

  it("exports CSV with a header and quoted cells, filtered by action", async () => {
    const o = await org(ctx);
    await provision(ctx, o, { role: "member" });
    const renamed = await call(ctx, "PATCH", "/v1/team/organization", { key: o.adminKey, body: { name: 'Acme, "quoted"' } });
    expect(renamed.status).toBe(200);
    const res = await ctx.app.request("/v1/team/audit-events/export?format=csv", { headers: { authorization: `Bearer ${o.adminKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    const [header, ...rows] = text.trimEnd().split("\r\n");
    expect(header).toBe("id,createdAt,action,actorType,actorId,targetType,targetId,requestId,metadata");
    expect(rows.some((r) => r.includes(",provision.created,"))).toBe(true);
    const rename = rows.find((r) => r.includes(",organization.renamed,"))!;
    expect(rename).toContain('""to"":""Acme, \\""quoted\\""""');
    const only = await ctx.app.request("/v1/team/audit-events/export?format=csv&action=provision.created", { headers: { authorization: `Bearer ${o.adminKey}` } });
    const onlyRows = (await only.text()).trimEnd().split("\r\n").slice(1);
    expect(onlyRows).toHaveLength(1);
  });

  it("streams a trail larger than one page in order, each event once", async () => {
    const o = await org(ctx);
    const base = ctx.clock.now().getTime();
    // 1,234 events over two seconds (ties on created_at are ordered by id): more than two pages.
    await sql`
      insert into audit_events (id, organization_id, actor_type, actor_id, action, target_type, target_id, metadata, created_at)
      select 'evt_bulk' || lpad(g::text, 6, '0'), ${o.organizationId}, 'system', 'test', 'member.confirmed', 'user', 'usr_x' || g,
             '{}'::jsonb, ${new Date(base)}::timestamptz + ((g % 2) || ' seconds')::interval
      from generate_series(1, 1234) g`.execute(ctx.db);
    ctx.clock.advance(5000);
    const res = await ctx.app.request("/v1/team/audit-events/export?action=member.confirmed", { headers: { authorization: `Bearer ${o.adminKey}` } });
    const events = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(events).toHaveLength(1234);
    expect(new Set(events.map((e) => e.id)).size).toBe(1234);
    const keys = events.map((e) => `${e.createdAt} ${e.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("refuses a bad format (400 naming query.format)", async () => {
    const o = await org(ctx);
    const res = await call(ctx, "GET", "/v1/team/audit-events/export?format=xml", { key: o.adminKey });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("query.format");
  });

  itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/audit-events/export" });
  itGuardsTeamSessions(ctx, "read_audit", () => ({ method: "GET", path: "/v1/team/audit-events/export" }));
});

describe("audit events are append-only in the database", () => {
  it("refuses an UPDATE, a DELETE and a TRUNCATE of audit rows", async () => {
    const { o } = await orgWithHistory();
    const one = await ctx.db.selectFrom("audit_events").select("id").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    await expect(ctx.db.updateTable("audit_events").set({ action: "member.deleted" }).where("id", "=", one.id).execute()).rejects.toThrow(/append-only/);
    await expect(ctx.db.deleteFrom("audit_events").where("id", "=", one.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(ctx.db)).rejects.toThrow(/append-only/);
    // The flag is the retention purge's alone and lasts one transaction: set outside one, it is gone.
    await sql`select set_config('handoff.audit_purge', 'on', true)`.execute(ctx.db);
    await expect(ctx.db.deleteFrom("audit_events").where("id", "=", one.id).execute()).rejects.toThrow(/append-only/);
    // An UPDATE is refused even with the flag.
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await sql`select set_config('handoff.audit_purge', 'on', true)`.execute(trx);
        await trx.updateTable("audit_events").set({ action: "member.deleted" }).where("id", "=", one.id).execute();
      }),
    ).rejects.toThrow(/append-only/);
    expect(await ctx.db.selectFrom("audit_events").select("action").where("id", "=", one.id).executeTakeFirst()).toBeDefined();
  });
});
