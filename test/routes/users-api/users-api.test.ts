import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision, type Org } from "../../support/factories.js";
import { call, type Reply } from "../../support/http.js";
import { addMember, auditActions } from "../../support/members.js";
import { basic, oauthApp, oauthPost } from "../oauth/support.js";
import { operations, USER_AGENT, usersCall, usersClient, usersPath, usersToken } from "./support.js";

const ctx = useTestContext();

function expectUsersError(res: Reply, code: number, status: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(code);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(res.body).toEqual({ error: { code, message: expect.any(String), status } });
}

const member = (userId: string, members: { data: { userId: string; state: string }[] }) => members.data.find((m) => m.userId === userId);

describe("Users API (1Password v1beta1)", () => {
  describe("happy", () => {
    it("client credentials end to end: app → token → list → :suspend (seen in /v1/team/members) → reactivate through /v1/team (seen in the Users API)", async () => {
      const o = await org(ctx);
      const ada = await addMember(ctx, o, { name: "Ada Lovelace" });
      const app = await oauthApp(ctx, o, ["users.list", "users.get", "users.suspend", "users.reactivate"]);
      const token = await usersToken(ctx, app);

      const list = await usersCall(ctx, "GET", usersPath(o), token);
      expect(list.status).toBe(200);
      expect(list.headers.get("ratelimit")).toMatch(/"key";r=\d+/);
      const listed = list.body.results.find((u: { id: string }) => u.id === ada.userId);
      expect(listed).toEqual({
        id: ada.userId,
        email: ada.email,
        display_name: "Ada Lovelace",
        state: "ACTIVE",
        create_time: ctx.clock.now().toISOString(),
        path: `accounts/${o.organizationId}/users/${ada.userId}`,
      });
      expect(list.body.next_page_token).toBeUndefined();

      const suspended = await usersCall(ctx, "POST", `${usersPath(o)}/${ada.userId}:suspend`, token);
      expect(suspended.status).toBe(200);
      expect(suspended.body).toEqual({ ...listed, state: "SUSPENDED" });
      const members = await call(ctx, "GET", "/v1/team/members", { key: o.adminKey });
      expect(member(ada.userId, members.body)?.state).toBe("suspended");
      // Suspended through the Users API: at once, as 1Password does (sessions and keys stop now).
      expect((await call(ctx, "GET", "/v1/team/members", { headers: { cookie: ada.cookie } })).status).toBe(403);

      ctx.clock.advance(1000);
      const reactivated = await call(ctx, "POST", `/v1/team/members/${ada.userId}/reactivate`, { key: o.adminKey });
      expect(reactivated.body.state).toBe("active");
      const got = await usersCall(ctx, "GET", `${usersPath(o)}/${ada.userId}`, token);
      expect(got.body.state).toBe("ACTIVE");

      // …and the reverse: suspended through /v1/team, SUSPENDED in the Users API, filtered as such.
      ctx.clock.advance(1000);
      await call(ctx, "POST", `/v1/team/members/${ada.userId}/suspend`, { key: o.adminKey, body: {} });
      const onlySuspended = await usersCall(ctx, "GET", `${usersPath(o)}?filter=${encodeURIComponent("user.isSuspended()")}`, token);
      expect(onlySuspended.body.results.map((u: { id: string }) => u.id)).toEqual([ada.userId]);
      ctx.clock.advance(1000);
      const back = await usersCall(ctx, "POST", `${usersPath(o)}/${ada.userId}:reactivate`, token);
      expect(back.body.state).toBe("ACTIVE");
      expect(member(ada.userId, (await call(ctx, "GET", "/v1/team/members", { key: o.adminKey })).body)?.state).toBe("active");

      // One state machine, one audit trail: the actions name the OAuth app as their actor.
      const events = await auditActions(ctx, o, ada.userId);
      expect(events.map((e) => [e.action, e.actor_type, e.actor_id])).toEqual([
        ["member.suspended", "oauth_client", app.id],
        ["member.reactivated", "admin_key", expect.any(String)],
        ["member.suspended", "admin_key", expect.any(String)],
        ["member.reactivated", "oauth_client", app.id],
      ]);
    });

    it(":suspend and :reactivate are idempotent and return the user unchanged the second time", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const { token } = await usersClient(ctx, o);
      for (const [verb, state] of [["suspend", "SUSPENDED"], ["suspend", "SUSPENDED"], ["reactivate", "ACTIVE"], ["reactivate", "ACTIVE"]] as const) {
        ctx.clock.advance(1000);
        const res = await usersCall(ctx, "POST", `${usersPath(o)}/${m.userId}:${verb}`, token);
        expect(res.status).toBe(200);
        expect(res.body.state).toBe(state);
      }
      expect((await auditActions(ctx, o, m.userId)).map((e) => e.action)).toEqual(["member.suspended", "member.reactivated"]);
    });

    it("filters: everyone, only active (every standing but suspended), only suspended; a placeholder without email or name is ACTIVE with empty strings", async () => {
      const o = await org(ctx);
      const active = await addMember(ctx, o);
      const suspended = await addMember(ctx, o, { state: "suspended" });
      const awaiting = await addMember(ctx, o, { state: "awaiting_confirmation" });
      const placeholder = await provision(ctx, o);
      const { token } = await usersClient(ctx, o);
      const ids = async (filter?: string) => {
        const res = await usersCall(ctx, "GET", `${usersPath(o)}${filter === undefined ? "" : `?filter=${encodeURIComponent(filter)}`}`, token);
        expect(res.status).toBe(200);
        return res.body.results.map((u: { id: string }) => u.id).sort();
      };
      const everyone = [active.userId, suspended.userId, awaiting.userId, placeholder.userId].sort();
      expect(await ids()).toEqual(everyone);
      expect(await ids("")).toEqual(everyone);
      expect(await ids("user.isActive()")).toEqual([active.userId, awaiting.userId, placeholder.userId].sort());
      expect(await ids("user.isSuspended()")).toEqual([suspended.userId]);
      const p = await usersCall(ctx, "GET", `${usersPath(o)}/${placeholder.userId}`, token);
      expect(p.body).toMatchObject({ id: placeholder.userId, email: "", display_name: "", state: "ACTIVE" });
    });

    it("organization API keys with users.* scopes work too", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const key = await call(ctx, "POST", "/v1/team/api-keys", { key: o.adminKey, body: { name: "SIEM", scopes: ["users.list", "users.suspend"] } });
      expect(key.status).toBe(201);
      expect((await usersCall(ctx, "GET", usersPath(o), key.body.key)).status).toBe(200);
      const res = await usersCall(ctx, "POST", `${usersPath(o)}/${m.userId}:suspend`, key.body.key);
      expect(res.body.state).toBe("SUSPENDED");
      expect((await auditActions(ctx, o, m.userId)).map((e) => [e.action, e.actor_type, e.actor_id])).toEqual([["member.suspended", "admin_key", key.body.id]]);
      expectUsersError(await usersCall(ctx, "GET", `${usersPath(o)}/${m.userId}`, key.body.key), 403, "PERMISSION_DENIED");
    });

    it("max_page_size: default 25, up to 1000", async () => {
      const o = await org(ctx);
      for (let i = 0; i < 27; i++) await addMember(ctx, o);
      const { token } = await usersClient(ctx, o);
      const first = await usersCall(ctx, "GET", usersPath(o), token);
      expect(first.body.results).toHaveLength(25);
      expect(first.body.next_page_token).toMatch(/^[A-Za-z0-9_-]+$/);
      const rest = await usersCall(ctx, "GET", `${usersPath(o)}?page_token=${first.body.next_page_token}`, token);
      expect(rest.body.results).toHaveLength(2);
      expect(rest.body.next_page_token).toBeUndefined();
      expect((await usersCall(ctx, "GET", `${usersPath(o)}?max_page_size=1000`, token)).body.results).toHaveLength(27);
    });
  });

  describe("errors", () => {
    it("a filter other than the documented ones is INVALID_ARGUMENT naming what is allowed", async () => {
      const o = await org(ctx);
      const { token } = await usersClient(ctx, o);
      for (const filter of ["user.isDeleted()", "state == ACTIVE", "user.isActive() || true", "\u0000"]) {
        const res = await usersCall(ctx, "GET", `${usersPath(o)}?filter=${encodeURIComponent(filter)}`, token);
        expectUsersError(res, 400, "INVALID_ARGUMENT");
        expect(res.body.error.message).toContain("user.isActive()");
        expect(res.body.error.message).toContain("user.isSuspended()");
      }
    });

    it("max_page_size outside 1–1000, a repeated parameter, a foreign or altered page_token: INVALID_ARGUMENT", async () => {
      const o = await org(ctx);
      await addMember(ctx, o);
      await addMember(ctx, o);
      const { token } = await usersClient(ctx, o);
      for (const size of ["0", "1001", "-1", "abc", "1.5", "1e3", "99999999999"]) {
        const res = await usersCall(ctx, "GET", `${usersPath(o)}?max_page_size=${size}`, token);
        expectUsersError(res, 400, "INVALID_ARGUMENT");
        expect(res.body.error.message).toContain("max_page_size");
      }
      expectUsersError(await usersCall(ctx, "GET", `${usersPath(o)}?filter=&filter=user.isActive()`, token), 400, "INVALID_ARGUMENT");
      const page = await usersCall(ctx, "GET", `${usersPath(o)}?max_page_size=1`, token);
      const pageToken = page.body.next_page_token as string;
      const otherFilter = await usersCall(ctx, "GET", `${usersPath(o)}?max_page_size=1&filter=user.isActive()&page_token=${pageToken}`, token);
      expectUsersError(otherFilter, 400, "INVALID_ARGUMENT");
      expect(otherFilter.body.error.message).toContain("filter");
      for (const bad of ["nonsense", `${pageToken.slice(0, -2)}`, Buffer.from('["x","usr_a","all"]').toString("base64url"), "x".repeat(400)]) {
        const res = await usersCall(ctx, "GET", `${usersPath(o)}?page_token=${bad}`, token);
        expectUsersError(res, 400, "INVALID_ARGUMENT");
        expect(res.body.error.message).toContain("page_token");
      }
    });

    it("no User-Agent: 400 INVALID_ARGUMENT before anything else", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const { token } = await usersClient(ctx, o);
      for (const op of operations(o, m.userId)) {
        const res = await ctx.app.request(op.path, { method: op.method, headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: { status: string; message: string } };
        expect(body.error.status).toBe("INVALID_ARGUMENT");
        expect(body.error.message).toContain("User-Agent");
        expectUsersError(await usersCall(ctx, op.method, op.path, token, { "user-agent": "  " }), 400, "INVALID_ARGUMENT");
      }
      expect((await auditActions(ctx, o, m.userId)).length).toBe(0);
    });

    it("an unknown user is NOT_FOUND, a malformed id INVALID_ARGUMENT, an unknown custom method NOT_FOUND in this API's shape", async () => {
      const o = await org(ctx);
      const { token } = await usersClient(ctx, o);
      expectUsersError(await usersCall(ctx, "GET", `${usersPath(o)}/usr_doesnotexist`, token), 404, "NOT_FOUND");
      expectUsersError(await usersCall(ctx, "POST", `${usersPath(o)}/usr_doesnotexist:suspend`, token), 404, "NOT_FOUND");
      expectUsersError(await usersCall(ctx, "GET", `${usersPath(o)}/not-a-user`, token), 400, "INVALID_ARGUMENT");
      expectUsersError(await usersCall(ctx, "POST", `${usersPath(o)}/..%2F..%2Fkeys:suspend`, token), 400, "INVALID_ARGUMENT");
      expectUsersError(await usersCall(ctx, "POST", `${usersPath(o)}/usr_abc:delete`, token), 404, "NOT_FOUND");
      expectUsersError(await usersCall(ctx, "GET", `${usersPath(o)}/usr_abc:suspend`, token), 404, "NOT_FOUND");
      expectUsersError(await usersCall(ctx, "DELETE", `${usersPath(o)}/usr_abc`, token), 404, "NOT_FOUND");
      expectUsersError(await usersCall(ctx, "GET", `/v1beta1/accounts/%00/users`, token), 400, "INVALID_ARGUMENT");
    });

    it("the last owner cannot be suspended (FAILED_PRECONDITION), nor the token's creator (PERMISSION_DENIED)", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const { token } = await usersClient(ctx, o);
      const res = await usersCall(ctx, "POST", `${usersPath(o)}/${owner.userId}:suspend`, token);
      expectUsersError(res, 400, "FAILED_PRECONDITION");
      expect(res.body.error.message).toMatch(/owner/i);
      // An app an admin created cannot suspend that admin.
      const admin = await addMember(ctx, o, { role: "admin" });
      const created = await call(ctx, "POST", "/v1/team/oauth-apps", { headers: { cookie: admin.cookie, origin: "http://handoff.test" }, body: { name: "mine", scopes: ["users.suspend"] } });
      expect(created.status).toBe(201);
      const own = await usersToken(ctx, created.body);
      expectUsersError(await usersCall(ctx, "POST", `${usersPath(o)}/${admin.userId}:suspend`, own), 403, "PERMISSION_DENIED");
      expect(member(owner.userId, (await call(ctx, "GET", "/v1/team/members", { key: o.adminKey })).body)?.state).toBe("active");
    });
  });

  describe("security", () => {
    it("every operation: the right scope works; a missing scope is 403 with an insufficient_scope challenge", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      for (const op of operations(o, m.userId)) {
        const { token: right } = await usersClient(ctx, o, [op.scope]);
        expect((await usersCall(ctx, op.method, op.path, right)).status, op.name).toBe(200);
        const others = ["users.list", "users.get", "users.suspend", "users.reactivate", "members:read", "members:suspend"].filter((s) => s !== op.scope);
        const { token: wrong } = await usersClient(ctx, o, others);
        const res = await usersCall(ctx, op.method, op.path, wrong);
        expectUsersError(res, 403, "PERMISSION_DENIED");
        expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="handoff", error="insufficient_scope", scope="${op.scope}"`);
      }
    });

    it("every operation: no token, an expired token and a revoked token are 401 UNAUTHENTICATED with a Bearer challenge; nothing changes", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const { app, token: expiring } = await usersClient(ctx, o);
      const revoked = await usersToken(ctx, app);
      expect((await oauthPost(ctx, "revoke", { token: revoked }, basic(app.clientId, app.clientSecret), "10.88.0.1")).status).toBe(200);
      ctx.clock.advance(900_000);
      for (const op of operations(o, m.userId)) {
        const none = await usersCall(ctx, op.method, op.path, undefined);
        expectUsersError(none, 401, "UNAUTHENTICATED");
        expect(none.headers.get("www-authenticate")).toBe('Bearer realm="handoff"');
        const expired = await usersCall(ctx, op.method, op.path, expiring);
        expectUsersError(expired, 401, "UNAUTHENTICATED");
        expect(expired.body.error.message).toMatch(/expired/i);
        expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
        const gone = await usersCall(ctx, op.method, op.path, revoked);
        expectUsersError(gone, 401, "UNAUTHENTICATED");
        expect(gone.body.error.message).toMatch(/revoked/i);
        expectUsersError(await usersCall(ctx, op.method, op.path, "hat_not-a-token"), 401, "UNAUTHENTICATED");
      }
      expect(await auditActions(ctx, o, m.userId)).toEqual([]);
    });

    it("every operation: another organization's account id is NOT_FOUND, and its users stay untouched", async () => {
      const mine = await org(ctx);
      const theirs = await org(ctx);
      const victim = await addMember(ctx, theirs);
      const { token } = await usersClient(ctx, mine);
      for (const op of operations(theirs, victim.userId)) expectUsersError(await usersCall(ctx, op.method, op.path, token), 404, "NOT_FOUND");
      // Their user through my account: not one of mine.
      for (const op of operations(mine, victim.userId).slice(1)) expectUsersError(await usersCall(ctx, op.method, op.path, token), 404, "NOT_FOUND");
      expect(await auditActions(ctx, theirs, victim.userId)).toEqual([]);
    });

    it("a project key, a disabled app's token, and a token whose creator was suspended are refused", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const p = await provision(ctx, o);
      expectUsersError(await usersCall(ctx, "GET", usersPath(o), p.apiKey), 403, "PERMISSION_DENIED");
      const { app, token } = await usersClient(ctx, o);
      await call(ctx, "POST", `/v1/team/oauth-apps/${app.id}/disable`, { key: o.adminKey });
      expectUsersError(await usersCall(ctx, "GET", usersPath(o), token), 401, "UNAUTHENTICATED");
      const admin = await addMember(ctx, o, { role: "admin" });
      const created = await call(ctx, "POST", "/v1/team/oauth-apps", { headers: { cookie: admin.cookie, origin: "http://handoff.test" }, body: { name: "admin's", scopes: ["users.list", "users.suspend"] } });
      const adminToken = await usersToken(ctx, created.body);
      expect((await usersCall(ctx, "GET", usersPath(o), adminToken)).status).toBe(200);
      await call(ctx, "POST", `/v1/team/members/${admin.userId}/suspend`, { key: o.adminKey, body: {} });
      expectUsersError(await usersCall(ctx, "GET", usersPath(o), adminToken), 403, "PERMISSION_DENIED");
      expectUsersError(await usersCall(ctx, "POST", `${usersPath(o)}/${m.userId}:suspend`, adminToken), 403, "PERMISSION_DENIED");
    });

    it("answers carry the rate-limit fields and no-store; the spec describes the paths as 1Password writes them", async () => {
      const o = await org(ctx);
      const { token } = await usersClient(ctx, o);
      const res = await usersCall(ctx, "GET", usersPath(o), token);
      expect(res.headers.get("ratelimit-policy")).toContain('"key"');
      expect(res.headers.get("cache-control")).toBe("no-store");
      const doc = (await call(ctx, "GET", "/openapi.json")).body;
      for (const path of ["/v1beta1/accounts/{account_id}/users", "/v1beta1/accounts/{account_id}/users/{user_id}", "/v1beta1/accounts/{account_id}/users/{user_id}:suspend", "/v1beta1/accounts/{account_id}/users/{user_id}:reactivate"]) {
        expect(doc.paths[path], path).toBeDefined();
      }
      expect(doc.paths["/v1beta1/accounts/{account_id}/users/{user_id}:suspend"].post.security).toEqual([{ oauthToken: ["users.suspend"] }, { adminKey: [] }]);
      expect(doc.components.securitySchemes.oauthToken.flows.clientCredentials.tokenUrl).toBe("http://handoff.test/v1beta1/users/oauth2/token");
      expect(USER_AGENT).toMatch(/\//);
    });
  });

  describe("pagination and concurrency", () => {
    it("2,500 users page by page with page tokens: each once, in a stable order, whatever the page size and filter", async () => {
      const o = await org(ctx);
      const tag = Math.random().toString(36).slice(2, 8);
      const now = ctx.clock.now();
      // Bulk-seeded in two statements; three users share each microsecond, so the order's tie-break
      // (the user id) and the token's microsecond precision both matter.
      await sqlSeed(ctx, o, tag, now);
      const { token } = await usersClient(ctx, o);
      const crawl = async (size: number, filter = "") => {
        const seen: string[] = [];
        let pageToken: string | undefined;
        let pages = 0;
        do {
          const q = new URLSearchParams({ max_page_size: String(size), ...(filter ? { filter } : {}), ...(pageToken ? { page_token: pageToken } : {}) });
          const res = await usersCall(ctx, "GET", `${usersPath(o)}?${q}`, token);
          expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
          expect(res.body.results.length).toBeLessThanOrEqual(size);
          seen.push(...res.body.results.map((u: { id: string }) => u.id));
          pageToken = res.body.next_page_token;
          pages++;
        } while (pageToken);
        return { seen, pages };
      };
      const all = await crawl(1000);
      expect(all.pages).toBe(3);
      expect(all.seen).toHaveLength(2500);
      expect(new Set(all.seen).size).toBe(2500);
      const small = await crawl(7);
      expect(small.seen).toEqual(all.seen);
      const suspended = await crawl(100, "user.isSuspended()");
      expect(suspended.seen).toHaveLength(500);
      expect(suspended.seen).toEqual(all.seen.filter((id) => Number(id.slice(-5)) % 5 === 0));
      const active = await crawl(333, "user.isActive()");
      expect(active.seen.length + suspended.seen.length).toBe(2500);
    }, 120_000);

    it("50 concurrent :suspend of one user: all answer SUSPENDED, one transition, one audit event", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const { token } = await usersClient(ctx, o);
      const results = await Promise.all(Array.from({ length: 50 }, () => usersCall(ctx, "POST", `${usersPath(o)}/${m.userId}:suspend`, token)));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(new Set(results.map((r) => r.body.state))).toEqual(new Set(["SUSPENDED"]));
      expect((await auditActions(ctx, o, m.userId)).map((e) => e.action)).toEqual(["member.suspended"]);
      const again = await Promise.all(
        Array.from({ length: 50 }, (_, i) => usersCall(ctx, "POST", `${usersPath(o)}/${m.userId}:${i % 2 ? "suspend" : "reactivate"}`, token)),
      );
      expect(again.every((r) => r.status === 200)).toBe(true);
      const final = (await usersCall(ctx, "GET", `${usersPath(o)}/${m.userId}`, token)).body.state;
      const actions = (await auditActions(ctx, o, m.userId)).map((e) => e.action);
      // Every transition was applied once: suspensions and reactivations alternate, so they differ by
      // at most one, and the state the user ends in says which came last.
      const suspensions = actions.filter((a) => a === "member.suspended").length;
      const reactivations = actions.filter((a) => a === "member.reactivated").length;
      expect(suspensions - reactivations).toBe(final === "SUSPENDED" ? 1 : 0);
    }, 60_000);
  });
});

async function sqlSeed(c: typeof ctx, o: Org, tag: string, now: Date) {
  const { sql } = await import("kysely");
  await sql`
    insert into users (id, status, name, email, password_hash, created_at, updated_at)
    select 'usr_bulk' || ${tag} || lpad(g::text, 5, '0'), 'active', 'Bulk ' || g, 'bulk' || ${tag} || g || '@example.com', null, ${now}, ${now}
    from generate_series(1, 2500) g
  `.execute(c.db);
  await sql`
    insert into memberships (organization_id, user_id, role, state, created_at, joined_at, suspended_at, deauthorize_at, suspended_from)
    select ${o.organizationId}, 'usr_bulk' || ${tag} || lpad(g::text, 5, '0'), 'member',
      case when g % 5 = 0 then 'suspended' else 'active' end,
      ${now}::timestamptz + ((2500 - g) / 3) * interval '1 microsecond', ${now},
      case when g % 5 = 0 then ${now}::timestamptz end, case when g % 5 = 0 then ${now}::timestamptz end,
      case when g % 5 = 0 then 'active' end
    from generate_series(1, 2500) g
  `.execute(c.db);
}
