import { expect, it } from "vitest";
import type { MembershipState, Role } from "../../db/schema.js";
import type { Permission } from "../../src/domain/team-permissions.js";
import { person } from "../../src/domain/actors.js";
import { startSession } from "../../src/services/accounts/sessions.js";
import type { TestContext } from "./context.js";
import { org, type Org } from "./factories.js";
import { call, type Reply } from "./http.js";

let counter = 0;

export type TestMember = { userId: string; email: string; cookie: string };

/**
 * A person with an account and a session, member of `o` with this role and state (and groups):
 * written directly, so a test sets up any standing in one step.
 */
export async function addMember(
  ctx: TestContext,
  o: Org,
  opts: { role?: Role; state?: MembershipState; groups?: string[]; name?: string } = {},
): Promise<TestMember> {
  const now = ctx.clock.now();
  const n = counter++;
  const userId = `usr_m${Date.now().toString(36)}${n}${Math.random().toString(36).slice(2, 8)}`;
  const email = `member${Date.now().toString(36)}${n}@example.com`;
  await ctx.db
    .insertInto("users")
    .values({ id: userId, status: "active", name: opts.name ?? `Member ${n}`, email, password_hash: null, created_at: now, updated_at: now })
    .execute();
  const state = opts.state ?? "active";
  await ctx.db
    .insertInto("memberships")
    .values({
      organization_id: o.organizationId,
      user_id: userId,
      role: opts.role ?? "member",
      state,
      created_at: now,
      joined_at: now,
      ...(state === "suspended" ? { suspended_at: now, deauthorize_at: now, suspended_from: "active" as const } : {}),
    })
    .execute();
  for (const groupId of opts.groups ?? []) {
    await ctx.db.insertInto("group_members").values({ organization_id: o.organizationId, group_id: groupId, user_id: userId, created_at: now }).execute();
  }
  const session = await startSession(ctx.deps, { actor: person(userId), organizationId: null, requestId: null }, userId);
  return { userId, email, cookie: `handoff_session=${session.token}` };
}

/** Someone not logged in (a claim with a new account, a sign-up). */
export const visitor = { actor: { kind: "visitor" as const }, organizationId: null, requestId: null };

export const asMember = (m: TestMember, headers: Record<string, string> = {}) => ({ cookie: m.cookie, ...headers });

export async function builtinGroupId(ctx: TestContext, o: Org): Promise<string> {
  const g = await ctx.db.selectFrom("groups").select("id").where("organization_id", "=", o.organizationId).where("builtin", "=", "provision_managers").executeTakeFirstOrThrow();
  return g.id;
}

export async function auditActions(ctx: TestContext, o: Org, targetId: string) {
  const rows = await ctx.db
    .selectFrom("audit_events")
    .select(["action", "metadata", "actor_type", "actor_id"])
    .where("organization_id", "=", o.organizationId)
    .where("target_id", "=", targetId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows;
}

type Target = { method: string; path: string; body?: unknown };

function expectProblem(res: Reply, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.body.code).toBe(code);
}

/**
 * The security cases every team route shares for sessions: a member without the route's permission
 * (403 naming it), a suspended or unconfirmed member (403 whatever they hold), a person from another
 * organization (404), and a cross-site request with the cookie (403). `target` builds the request
 * for a fresh organization.
 */
export function itGuardsTeamSessions(ctx: TestContext, permission: Permission | "any", target: (o: Org) => Promise<Target> | Target) {
  const send = async (o: Org, m: TestMember, headers: Record<string, string> = {}) => {
    const t = await target(o);
    return call(ctx, t.method, t.path, { body: t.body, headers: asMember(m, headers) });
  };

  it(`refuses a member without ${permission === "any" ? "any team permission" : `\`${permission}\``} (403 permission_required)`, async () => {
    const o = await org(ctx);
    const res = await send(o, await addMember(ctx, o, { role: "member" }));
    expectProblem(res, 403, "permission_required");
    if (permission !== "any") expect(res.body.detail).toContain(permission);
  });

  it("refuses a suspended owner (403 member_suspended) and an unconfirmed admin (403 member_awaiting_confirmation)", async () => {
    const o = await org(ctx);
    expectProblem(await send(o, await addMember(ctx, o, { role: "owner", state: "suspended" })), 403, "member_suspended");
    expectProblem(await send(o, await addMember(ctx, o, { role: "admin", state: "awaiting_confirmation" })), 403, "member_awaiting_confirmation");
  });

  it("answers 404 to an owner of another organization naming this one", async () => {
    const o = await org(ctx);
    const other = await org(ctx);
    const outsider = await addMember(ctx, other, { role: "owner" });
    expectProblem(await send(o, outsider, { "handoff-organization": o.organizationId }), 404, "not_found");
  });

  it("refuses an ended session (401 session_required)", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o, { role: "owner" });
    await ctx.db.deleteFrom("sessions").where("user_id", "=", m.userId).execute();
    expectProblem(await send(o, m), 401, "session_required");
  });

  it("refuses a cross-site request carrying the cookie", async () => {
    const o = await org(ctx);
    const t = await target(o);
    if (t.method === "GET") return;
    const m = await addMember(ctx, o, { role: "owner" });
    const res = await call(ctx, t.method, t.path, { body: t.body, headers: asMember(m, { "sec-fetch-site": "cross-site" }) });
    expectProblem(res, 403, "cross_origin_refused");
  });
}
