import { describe, expect, it } from "vitest";
import { person, tokenOf } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision, type Org } from "../support/factories.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

async function claimAs(who: Awaited<ReturnType<typeof person>>, claimUrl: string) {
  const res = await who.browser.request("POST", "/v1/claims", { json: { token: tokenOf(claimUrl) } });
  return { status: res.status, body: JSON.parse(res.html) };
}

async function membership(o: Org, userId: string) {
  return ctx.db.selectFrom("memberships").select("role").where("organization_id", "=", o.organizationId).where("user_id", "=", userId).executeTakeFirst();
}

async function expectMovedTo(p: Awaited<ReturnType<typeof provision>>, userId: string) {
  const project = await ctx.db.selectFrom("projects").selectAll().where("id", "=", p.projectId).executeTakeFirstOrThrow();
  expect(project.owner_user_id).toBe(userId);
  expect(await ctx.db.selectFrom("users").select("id").where("id", "=", p.userId).executeTakeFirst()).toBeUndefined();
  expect(await ctx.db.selectFrom("memberships").select("user_id").where("user_id", "=", p.userId).execute()).toEqual([]);
  const agents = await ctx.db.selectFrom("agents").select("id").where("project_id", "=", p.projectId).execute();
  expect(agents.map((a) => a.id)).toContain(p.agentId);
  const me = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
  expect(me.status).toBe(200);
  expect(me.body.key.id).toBe(p.apiKeyId);
}

describe("invariant 5: transfer into an existing account", () => {
  it("(a) not a member: project, agents and keys move, membership created with the provisioned role, placeholder deleted", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { role: "admin" });
    const who = await person(ctx);
    const res = await claimAs(who, p.claimUrl);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: "transfer", role: "admin", userId: who.userId });
    expect(await membership(o, who.userId)).toEqual({ role: "admin" });
    await expectMovedTo(p, who.userId);
    expect((await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).body).toMatchObject({ status: "claimed", claimedBy: who.userId });
  });

  it("(b) a member with a lower role is raised: most permissive wins", async () => {
    const o = await org(ctx);
    const who = await person(ctx);
    await claimAs(who, (await provision(ctx, o, { role: "member" })).claimUrl);
    expect(await membership(o, who.userId)).toEqual({ role: "member" });
    const p = await provision(ctx, o, { role: "admin" });
    expect((await claimAs(who, p.claimUrl)).body.role).toBe("admin");
    expect(await membership(o, who.userId)).toEqual({ role: "admin" });
    await expectMovedTo(p, who.userId);
  });

  it("an admin claiming a member provision stays admin", async () => {
    const o = await org(ctx);
    const who = await person(ctx);
    await claimAs(who, (await provision(ctx, o, { role: "admin" })).claimUrl);
    const res = await claimAs(who, (await provision(ctx, o, { role: "member" })).claimUrl);
    expect(res.body.role).toBe("admin");
    expect(await membership(o, who.userId)).toEqual({ role: "admin" });
  });

  it("(c) the owner stays owner", async () => {
    const o = await org(ctx);
    const who = await person(ctx);
    await ctx.db.insertInto("memberships").values({ organization_id: o.organizationId, user_id: who.userId, role: "owner", created_at: ctx.clock.now() }).execute();
    const p = await provision(ctx, o, { role: "admin" });
    expect((await claimAs(who, p.claimUrl)).body.role).toBe("owner");
    expect(await membership(o, who.userId)).toEqual({ role: "owner" });
    await expectMovedTo(p, who.userId);
  });

  it("the account page then lists the claimed project with its agents and keys", async () => {
    const o = await org(ctx, "Umbrella");
    const p = await provision(ctx, o, { projectName: "Hive" });
    const who = await person(ctx);
    await claimAs(who, p.claimUrl);
    const page = await who.browser.get("/account");
    expect(page.status).toBe(200);
    for (const text of ["Umbrella", "Hive", "Default agent", p.apiKey.slice(0, 12)]) expect(page.html).toContain(text);
    expect(page.html).not.toContain(p.apiKey);
  });
});

describe("invariant 4: claiming never breaks the key", () => {
  it("a loop of key requests running through the claim never sees a failure", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const who = await person(ctx);
    let running = true;
    const statuses: number[] = [];
    const loop = (async () => {
      while (running || statuses.length < 20) {
        statuses.push((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status);
        if (statuses.length > 500) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 5)); // let the loop start
    expect((await claimAs(who, p.claimUrl)).status).toBe(200);
    running = false;
    await loop;
    expect(statuses.length).toBeGreaterThanOrEqual(20);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const me = await call(ctx, "GET", "/v1/me", { key: p.apiKey });
    expect(me.body.provision.status).toBe("claimed");
  });
});

describe("invariant 3: a claim succeeds at most once", () => {
  it("50 concurrent claims of one link: exactly one success, the rest claim_already_used", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const people = [];
    for (let i = 0; i < 50; i++) people.push(await person(ctx));
    const results = await Promise.all(people.map((who) => claimAs(who, p.claimUrl)));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(49).fill("claim_already_used"));
    const record = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    expect(record.body.claimedBy).toBe(winners[0]!.body.userId);
    const owners = await ctx.db.selectFrom("projects").select("owner_user_id").where("id", "=", p.projectId).execute();
    expect(owners).toEqual([{ owner_user_id: winners[0]!.body.userId }]);
  });

  it("a claim at the expiry boundary: one millisecond before succeeds, at the instant it is refused", async () => {
    const o = await org(ctx);
    const before = await provision(ctx, o, { expiresIn: 3600 });
    const at = await provision(ctx, o, { expiresIn: 3600 });
    const who = await person(ctx);
    ctx.clock.set(new Date(new Date(before.expiresAt).getTime() - 1001)); // the token carries whole seconds
    expect((await claimAs(who, before.claimUrl)).status).toBe(200);
    ctx.clock.set(new Date(at.expiresAt));
    const late = await claimAs(who, at.claimUrl);
    expect(late.status).toBe(410);
    expect(late.body.code).toBe("claim_link_expired");
    expect((await call(ctx, "GET", `/v1/team/provisions/${at.id}`, { key: o.adminKey })).body.status).toBe("expired");
  });
});
