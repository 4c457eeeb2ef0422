import { describe, expect, it } from "vitest";
import { run } from "../../sdk/src/cli/main.js";
import { useTestContext } from "../support/context.js";
import { org, type Org } from "../support/factories.js";
import { addMember, builtinGroupId } from "../support/members.js";
import { appFetch } from "./support.js";

const ctx = useTestContext();

/** `handoff …` in-process against the app, with the organization's admin key. */
async function handoff(o: Org | null, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HANDOFF_URL: "http://handoff.test", ...(o ? { HANDOFF_API_KEY: o.adminKey } : {}) },
    cwd: process.cwd(),
    fetch: appFetch(ctx) as typeof fetch,
  });
  return { code, stdout, stderr };
}

const membership = (o: Org, userId: string) =>
  ctx.db.selectFrom("memberships").selectAll().where("organization_id", "=", o.organizationId).where("user_id", "=", userId).executeTakeFirst();

describe("handoff user", () => {
  it("list (table, filters, --json) and get by id or email", async () => {
    const o = await org(ctx);
    const a = await addMember(ctx, o, { name: "Ada Table", state: "awaiting_confirmation" });
    await addMember(ctx, o, { name: "Bob Table", role: "admin" });
    const table = await handoff(o, "user", "list");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+EMAIL\s+ROLE\s+STATE\s+GROUPS\s+LAST SEEN/);
    expect(table.stdout).toContain("Ada Table");
    const waiting = await handoff(o, "user", "list", "--state", "awaiting_confirmation", "--json");
    expect(JSON.parse(waiting.stdout).data.map((m: { userId: string }) => m.userId)).toEqual([a.userId]);
    const admins = await handoff(o, "user", "list", "--role", "admin", "--search", "bob");
    expect(admins.stdout).toContain("Bob Table");
    expect(admins.stdout).not.toContain("Ada Table");
    const byEmail = await handoff(o, "user", "get", a.email);
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toMatch(/State:\s+awaiting_confirmation/);
    expect(byEmail.stdout).toMatch(/Mail:\s+none/);
    expect(JSON.parse((await handoff(o, "user", "get", a.userId, "--json")).stdout)).toMatchObject({ userId: a.userId, name: "Ada Table" });
  });

  it("edit --role, confirm one and --all", async () => {
    const o = await org(ctx);
    const a = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const b = await addMember(ctx, o, { state: "awaiting_confirmation" });
    expect((await handoff(o, "user", "edit", a.userId, "--role", "admin")).code).toBe(0);
    expect((await membership(o, a.userId))?.role).toBe("admin");
    const one = await handoff(o, "user", "confirm", a.email);
    expect(one.stdout).toContain("Confirmed");
    const all = await handoff(o, "user", "confirm", "--all");
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(new RegExp(`${b.userId}\\s+confirmed`));
    expect((await membership(o, b.userId))?.state).toBe("active");
    expect((await handoff(o, "user", "confirm", "--all")).stdout).toContain("Nobody awaits confirmation");
  });

  it("suspend --deauthorize-after 10m → reactivate → suspend → delete --transfer-to", async () => {
    const o = await org(ctx);
    const leaving = await addMember(ctx, o);
    const heir = await addMember(ctx, o);
    const s = await handoff(o, "user", "suspend", leaving.email, "--deauthorize-after", "10m", "--json");
    expect(s.code).toBe(0);
    const m = JSON.parse(s.stdout);
    expect(m.state).toBe("suspended");
    expect(Date.parse(m.deauthorizeAt) - ctx.clock.now().getTime()).toBe(600_000);
    expect((await handoff(o, "user", "reactivate", leaving.userId)).stdout).toContain("Reactivated");
    await handoff(o, "user", "suspend", leaving.userId);
    const d = await handoff(o, "user", "delete", leaving.userId, "--transfer-to", heir.email);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/Deleted:\s+/);
    expect(await membership(o, leaving.userId)).toBeUndefined();
  });

  it("usage errors exit 2; API refusals exit 1 with the problem", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    expect((await handoff(o, "user", "suspend", m.userId, "--deauthorize-after", "2d")).code).toBe(2);
    expect((await handoff(o, "user", "confirm")).code).toBe(2);
    expect((await handoff(o, "user", "confirm", m.userId, "--all")).code).toBe(2);
    expect((await handoff(o, "user", "list", "--state", "gone")).stderr).toContain("--state must be one of");
    expect((await handoff(o, "user", "get", "nobody@example.com")).code).toBe(2);
    const refused = await handoff(o, "user", "delete", m.userId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("member_not_suspended");
    expect((await handoff(null, "user", "list")).code).toBe(2);
  });
});

describe("handoff group", () => {
  it("list, create, grant and revoke a member or permissions (by group name)", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    const list = await handoff(o, "group", "list");
    expect(list.stdout).toContain("Provision Managers");
    expect(list.stdout).toMatch(/provision,confirm,recover/);
    const created = await handoff(o, "group", "create", "Auditors", "--permission", "read_audit", "--json");
    expect(created.code).toBe(0);
    const group = JSON.parse(created.stdout);
    expect(group.permissions).toEqual(["read_audit"]);
    expect(JSON.parse((await handoff(o, "group", "grant", "auditors", "--permission", "confirm,suspend", "--json")).stdout).permissions).toEqual([
      "confirm",
      "suspend",
      "read_audit",
    ]);
    expect(JSON.parse((await handoff(o, "group", "revoke", group.id, "--permission", "suspend", "--json")).stdout).permissions).toEqual(["confirm", "read_audit"]);
    expect((await handoff(o, "group", "grant", "Auditors", "--member", m.email)).stdout).toMatch(/Members:\s+1/);
    const inGroup = await ctx.db.selectFrom("group_members").select("user_id").where("group_id", "=", group.id).execute();
    expect(inGroup).toEqual([{ user_id: m.userId }]);
    expect((await handoff(o, "group", "revoke", "Auditors", "--member", m.userId)).stdout).toMatch(/Members:\s+0/);
    const builtin = await builtinGroupId(ctx, o);
    expect((await handoff(o, "group", "grant", builtin, "--member", m.userId)).code).toBe(0);
  });

  it("grant needs exactly one of --member and --permission, and known permissions", async () => {
    const o = await org(ctx);
    expect((await handoff(o, "group", "grant", "Provision Managers")).code).toBe(2);
    const bad = await handoff(o, "group", "grant", "Provision Managers", "--permission", "fly");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown permission "fly"');
    expect((await handoff(o, "group", "revoke", "No Such Group", "--member", "x")).stderr).toContain("no group");
  });

  it("--help lists the user and group commands", async () => {
    const help = await handoff(null, "--help");
    for (const c of ["user list", "user confirm [<user>]", "user suspend <user>", "group grant <group>"]) expect(help.stdout).toContain(c);
  });
});
