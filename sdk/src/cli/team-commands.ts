/**
 * `handoff user …` and `handoff group …`: the team, as `op user` / `op group` manage theirs. They take
 * the organization's admin key (HANDOFF_API_KEY). A person is named by user id or by email; a group
 * by id or by name.
 */
import type { Handoff } from "../client.js";
import type { ConfirmResult, Group, Member, MemberRole, MemberState, TeamPermission } from "../types.js";
import { UsageError } from "./args.js";
import { durationOption, listCommand, listOptions, pageParams, print, type Command, type CommandContext } from "./commands.js";
import { keyValues, table, when, type Column } from "./format.js";

const STATES: MemberState[] = ["pending", "awaiting_confirmation", "active", "suspended", "recovery_started", "recovery_accepted"];
const ROLES: MemberRole[] = ["owner", "admin", "member"];
const PERMISSIONS: TeamPermission[] = ["provision", "confirm", "recover", "suspend", "delete", "manage_roles", "manage_groups", "manage_integrations", "read_audit"];
/** --deauthorize-after: the server accepts 0 to 24 hours. */
const MAX_DEAUTHORIZE_AFTER = 86_400;

function oneOf<T extends string>(ctx: CommandContext, flag: string, allowed: readonly T[]): T | undefined {
  const v = ctx.str(flag);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}`);
  return v as T;
}

function permissionList(text: string): TeamPermission[] {
  const list = text.split(",").map((p) => p.trim()).filter(Boolean);
  const bad = list.find((p) => !(PERMISSIONS as string[]).includes(p));
  if (bad !== undefined) throw new UsageError(`unknown permission ${JSON.stringify(bad)}; permissions: ${PERMISSIONS.join(", ")}`);
  return list as TeamPermission[];
}

/** A user id as given, or the member whose email this is (an exact match, any case). */
async function userIdOf(client: Handoff, who: string): Promise<string> {
  if (!who.includes("@")) return who;
  const page = await client.members.list({ q: who, limit: 100 });
  const found = page.data.find((m) => m.email?.toLowerCase() === who.toLowerCase());
  if (!found) throw new UsageError(`no member with the email ${who}`);
  return found.userId;
}

/** A group id as given, or the group with this name (any case). */
async function groupOf(client: Handoff, ref: string): Promise<Group> {
  const groups = await client.groups.list();
  const found = groups.find((g) => g.id === ref) ?? groups.find((g) => g.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw new UsageError(`no group ${JSON.stringify(ref)}; \`handoff group list\` shows them`);
  return found;
}

const memberColumns: Column<Member>[] = [
  { header: "ID", value: (m) => m.userId },
  { header: "NAME", value: (m) => m.name },
  { header: "EMAIL", value: (m) => m.email },
  { header: "ROLE", value: (m) => m.role },
  { header: "STATE", value: (m) => m.state },
  { header: "GROUPS", value: (m) => m.groups.map((g) => g.name) },
  { header: "LAST SEEN", value: (m) => when(m.lastSeenAt) },
];

const memberDetails = (m: Member) =>
  keyValues([
    ["User", m.userId],
    ["Name", m.name],
    ["Email", m.email],
    ["Role", m.role],
    ["State", m.state],
    ["Groups", m.groups.map((g) => `${g.name} (${g.id})`)],
    ["Joined", when(m.joinedAt)],
    ["Last seen", when(m.lastSeenAt)],
    m.suspendedAt ? ["Suspended", when(m.suspendedAt)] : null,
    m.deauthorizeAt ? ["Devices stop", when(m.deauthorizeAt)] : null,
    ["Provision", m.provisionId],
    // The latest mail the organization sent them: what it was, its state, and why it failed.
    ["Mail", m.delivery ? `${m.delivery.kind} ${m.delivery.state} to ${m.delivery.to}${m.delivery.reason ? ` (${m.delivery.reason})` : ""}` : "none"],
  ]);

const groupColumns: Column<Group>[] = [
  { header: "ID", value: (g) => g.id },
  { header: "NAME", value: (g) => g.name },
  { header: "PERMISSIONS", value: (g) => g.permissions },
  { header: "MEMBERS", value: (g) => g.memberCount, align: "right" },
  { header: "BUILT-IN", value: (g) => (g.builtin ? "yes" : "") },
];

const groupDetails = (g: Group) =>
  keyValues([
    ["Group", `${g.name} (${g.id})`],
    ["Description", g.description],
    ["Permissions", g.permissions],
    ["Members", g.memberCount],
    ["Built-in", g.builtin ? "yes (cannot be deleted)" : "no"],
  ]);

/** grant/revoke: exactly one of --member and --permission. */
function grantTarget(ctx: CommandContext): { member: string } | { permissions: TeamPermission[] } {
  const member = ctx.str("member");
  const permission = ctx.str("permission");
  if ((member === undefined) === (permission === undefined)) throw new UsageError("pass either --member USER or --permission LIST");
  return member !== undefined ? { member } : { permissions: permissionList(permission!) };
}

const grantOptions = {
  member: { type: "string", arg: "USER", help: "A member (user id or email) to add to / remove from the group" },
  permission: { type: "string", arg: "LIST", help: "Permissions (comma-separated) the group gains / loses" },
} as const;

/** `group grant` adds a member or permissions; `group revoke` removes them. */
function groupChange(verb: "grant" | "revoke"): Command {
  const grant = verb === "grant";
  return {
    path: ["group", verb],
    usage: `group ${verb} <group> --member USER | --permission LIST`,
    summary: grant ? "Add a member to a group, or give the group permissions" : "Remove a member from a group, or take permissions from the group",
    args: ["group"],
    options: grantOptions,
    async run(ctx) {
      const target = grantTarget(ctx);
      const client = ctx.client();
      const group = await groupOf(client, ctx.args[0]!);
      let g: Group;
      if ("member" in target) {
        const userId = await userIdOf(client, target.member);
        g = grant ? await client.groups.addMember(group.id, userId) : await client.groups.removeMember(group.id, userId);
      } else {
        const permissions = grant
          ? [...new Set([...group.permissions, ...target.permissions])]
          : group.permissions.filter((p) => !target.permissions.includes(p));
        g = await client.groups.update(group.id, { permissions });
      }
      print(ctx, g, () => groupDetails(g));
      return 0;
    },
  };
}

export const TEAM_COMMANDS: Command[] = [
  {
    path: ["user", "list"],
    usage: "user list [--state S] [--role R] [--group G] [--search TEXT] [--all]",
    summary: "List the organization's members, newest first",
    options: {
      state: { type: "string", arg: "STATE", help: STATES.join(", ") },
      role: { type: "string", arg: "ROLE", help: ROLES.join(", ") },
      group: { type: "string", arg: "GROUP", help: "Only this group's members (id or name)" },
      search: { type: "string", arg: "TEXT", help: "Part of a name or email" },
      ...listOptions,
    },
    async run(ctx) {
      const client = ctx.client();
      const state = oneOf(ctx, "state", STATES);
      const role = oneOf(ctx, "role", ROLES);
      const group = ctx.str("group");
      const q = ctx.str("search");
      const list = client.members.list({
        ...pageParams(ctx),
        ...(state ? { state } : {}),
        ...(role ? { role } : {}),
        ...(group ? { group: (await groupOf(client, group)).id } : {}),
        ...(q ? { q } : {}),
      });
      return listCommand(ctx, list, memberColumns, "members", "handoff user list");
    },
  },
  {
    path: ["user", "get"],
    usage: "user get <user>",
    summary: "Show one member (user id or email)",
    args: ["user"],
    async run(ctx) {
      const client = ctx.client();
      const m = await client.members.get(await userIdOf(client, ctx.args[0]!));
      print(ctx, m, () => memberDetails(m));
      return 0;
    },
  },
  {
    path: ["user", "edit"],
    usage: "user edit <user> --role R",
    summary: "Change a member's role",
    args: ["user"],
    options: { role: { type: "string", arg: "ROLE", help: `${ROLES.join(", ")} (only owners make owners)` } },
    async run(ctx) {
      const role = oneOf(ctx, "role", ROLES);
      if (!role) throw new UsageError("nothing to change: pass --role");
      const client = ctx.client();
      const m = await client.members.setRole(await userIdOf(client, ctx.args[0]!), role);
      print(ctx, m, () => memberDetails(m));
      return 0;
    },
  },
  {
    path: ["user", "confirm"],
    usage: "user confirm <user> | --all",
    summary: "Confirm a member awaiting confirmation, or everyone awaiting it",
    optionalArgs: ["user"],
    options: { all: { type: "boolean", help: "Everyone awaiting confirmation" } },
    async run(ctx) {
      const client = ctx.client();
      const who = ctx.args[0];
      if ((who === undefined) === !ctx.values.all) throw new UsageError("pass a user or --all (not both)");
      if (who !== undefined) {
        const m = await client.members.confirm(await userIdOf(client, who));
        print(ctx, m, () => `Confirmed ${m.email ?? m.userId}: ${m.state}.\n`);
        return 0;
      }
      const data: ConfirmResult[] = [];
      for (;;) {
        const result = await client.members.confirmAll();
        data.push(...result.data);
        if (!result.remaining) break;
      }
      print(ctx, { data, remaining: false }, () =>
        data.length ? table(data, [
          { header: "USER", value: (r) => r.userId },
          { header: "OUTCOME", value: (r) => r.outcome },
          { header: "REASON", value: (r) => r.detail },
        ]) : "Nobody awaits confirmation.\n",
      );
      return data.some((r) => r.outcome === "refused") ? 1 : 0;
    },
  },
  {
    path: ["user", "suspend"],
    usage: "user suspend <user> [--deauthorize-after 10m]",
    summary: "Suspend a member: they cannot act at once; their sessions and keys stop at the deadline",
    args: ["user"],
    options: { "deauthorize-after": { type: "string", arg: "DURATION", help: "When their devices stop working: 0 (default, now) … 24h" } },
    async run(ctx) {
      const after = durationOption(ctx, "deauthorize-after");
      if (after !== undefined && after > MAX_DEAUTHORIZE_AFTER) throw new UsageError("--deauthorize-after must be at most 24h");
      const client = ctx.client();
      const m = await client.members.suspend(await userIdOf(client, ctx.args[0]!), after !== undefined ? { deauthorizeAfter: after } : {});
      print(ctx, m, () => `Suspended ${m.email ?? m.userId}; their sessions and keys stop ${when(m.deauthorizeAt)}.\n`);
      return 0;
    },
  },
  {
    path: ["user", "recovery", "begin"],
    usage: "user recovery begin <user>… (up to 10)",
    summary: "Start account recovery: their password stops working; each gets a single-use link to set a new one",
    args: ["user"],
    repeatLast: { max: 10 },
    async run(ctx) {
      const client = ctx.client();
      const userIds = await Promise.all(ctx.args.map((who) => userIdOf(client, who)));
      const { results } = await client.members.beginRecovery(userIds);
      print(ctx, { results }, () =>
        table(results, [
          { header: "USER", value: (r) => r.userId },
          { header: "OUTCOME", value: (r) => ("error" in r ? r.error.code : r.state) },
          { header: "LINK OR REASON", value: (r) => ("error" in r ? r.error.detail : (r.recoveryUrl ?? "mailed to them")) },
        ]),
      );
      return results.some((r) => "error" in r) ? 1 : 0;
    },
  },
  ...(["complete", "cancel"] as const).map(
    (action): Command => ({
      path: ["user", "recovery", action],
      usage: `user recovery ${action} <user>`,
      summary: action === "complete" ? "Complete a recovery once they set a new password: they can log in again" : "Cancel a recovery: they are active again",
      args: ["user"],
      async run(ctx) {
        const client = ctx.client();
        const userId = await userIdOf(client, ctx.args[0]!);
        const m = action === "complete" ? await client.members.completeRecovery(userId) : await client.members.cancelRecovery(userId);
        print(ctx, m, () => `Recovery ${action === "complete" ? "completed" : "cancelled"} for ${m.email ?? m.userId}: ${m.state}.
`);
        return 0;
      },
    }),
  ),
  {
    path: ["user", "reactivate"],
    usage: "user reactivate <user>",
    summary: "Reactivate a suspended member",
    args: ["user"],
    async run(ctx) {
      const client = ctx.client();
      const m = await client.members.reactivate(await userIdOf(client, ctx.args[0]!));
      print(ctx, m, () => `Reactivated ${m.email ?? m.userId}: ${m.state}.\n`);
      return 0;
    },
  },
  {
    path: ["user", "delete"],
    usage: "user delete <user> [--transfer-to USER]",
    summary: "Delete a suspended member; their projects move to --transfer-to or are deleted",
    args: ["user"],
    options: { "transfer-to": { type: "string", arg: "USER", help: "An active member (user id or email) who receives the projects" } },
    async run(ctx) {
      const client = ctx.client();
      const userId = await userIdOf(client, ctx.args[0]!);
      const to = ctx.str("transfer-to");
      const result = await client.members.delete(userId, to !== undefined ? { transferProjectsTo: await userIdOf(client, to) } : {});
      print(ctx, result, () =>
        keyValues([
          ["Deleted", result.userId],
          ["Projects transferred", result.projectsTransferred],
          ["Projects deleted", result.projectsDeleted],
        ]),
      );
      return 0;
    },
  },
  {
    path: ["group", "list"],
    usage: "group list",
    summary: "List the groups and the permissions they grant",
    async run(ctx) {
      const groups = await ctx.client().groups.list();
      print(ctx, { data: groups }, () => table(groups, groupColumns));
      return 0;
    },
  },
  {
    path: ["group", "create"],
    usage: "group create <name> [--description D] [--permission LIST]",
    summary: "Create a group",
    args: ["name"],
    options: {
      description: { type: "string", arg: "TEXT", help: "What the group is for" },
      permission: grantOptions.permission,
    },
    async run(ctx) {
      const permission = ctx.str("permission");
      const description = ctx.str("description");
      const g = await ctx.client().groups.create({
        name: ctx.args[0]!,
        ...(description !== undefined ? { description } : {}),
        permissions: permission !== undefined ? permissionList(permission) : [],
      });
      print(ctx, g, () => groupDetails(g));
      return 0;
    },
  },
  groupChange("grant"),
  groupChange("revoke"),
];
