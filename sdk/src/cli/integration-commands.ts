/**
 * `handoff api-keys …`: the organization's API keys (an organization key holding `integrations:write`
 * in HANDOFF_API_KEY). Scopes are named as the server names them (`members:read`, `users.list`, …).
 */
import type { OAuthApp, OrganizationApiKey, TeamScope } from "../types.js";
import { UsageError } from "./args.js";
import { durationOption, listCommand, listOptions, pageParams, print, SECRET_NOTE, type Command, type CommandContext } from "./commands.js";
import { keyValues, seconds, when, type Column } from "./format.js";

export const TEAM_SCOPES: TeamScope[] = [
  "provisions:read",
  "provisions:write",
  "members:read",
  "members:write",
  "members:suspend",
  "members:delete",
  "groups:write",
  "audit:read",
  "integrations:write",
  "users.list",
  "users.get",
  "users.suspend",
  "users.reactivate",
];

/** --scope LIST: comma-separated scopes, each a known one. */
export function scopeList(ctx: CommandContext, required: boolean): TeamScope[] | undefined {
  const raw = ctx.str("scope");
  if (raw === undefined) {
    if (required) throw new UsageError(`pass --scope with a comma-separated list of: ${TEAM_SCOPES.join(", ")}`);
    return undefined;
  }
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((s) => !(TEAM_SCOPES as string[]).includes(s));
  if (bad.length || list.length === 0) throw new UsageError(`unknown scope(s) ${bad.join(", ") || "(none)"}; known: ${TEAM_SCOPES.join(", ")}`);
  return list as TeamScope[];
}

export const scopeOption = { type: "string", arg: "LIST", help: `Comma-separated: ${TEAM_SCOPES.join(", ")}` } as const;

const columns: Column<OrganizationApiKey>[] = [
  { header: "ID", value: (k) => k.id },
  { header: "NAME", value: (k) => k.name },
  { header: "PREFIX", value: (k) => k.prefix },
  { header: "STATUS", value: (k) => k.status },
  { header: "SCOPES", value: (k) => k.scopes },
  { header: "LAST USED", value: (k) => when(k.lastUsedAt) },
  { header: "EXPIRES", value: (k) => when(k.expiresAt) },
];

const details = (k: OrganizationApiKey): [string, unknown][] => [
  ["ID", k.id],
  ["Name", k.name],
  ["Scopes", k.scopes],
  ["Status", k.status],
  ["Expires", when(k.expiresAt)],
  ["Created by", k.createdByUserId ?? "the server"],
];

export const API_KEY_COMMANDS: Command[] = [
  {
    path: ["api-keys", "list"],
    usage: "api-keys list [--all]",
    summary: "List the organization's API keys (never the secrets)",
    options: listOptions,
    async run(ctx) {
      return listCommand(ctx, ctx.client().apiKeys.list(pageParams(ctx)), columns, "keys", "handoff api-keys list");
    },
  },
  {
    path: ["api-keys", "create"],
    usage: "api-keys create <name> --scope LIST [--expires-in D]",
    summary: "Create an organization API key with scopes (the full key is shown this once)",
    args: ["name"],
    options: { scope: scopeOption, "expires-in": { type: "string", arg: "DURATION", help: "Lifetime, 60s … 366d (default: no expiry)" } },
    async run(ctx) {
      const scopes = scopeList(ctx, true)!;
      const expiresIn = durationOption(ctx, "expires-in");
      const k = await ctx.client().apiKeys.create({ name: ctx.args[0]!, scopes, ...(expiresIn !== undefined ? { expiresIn } : {}) });
      print(ctx, k, () => keyValues([["API key", k.key], ...details(k)]) + `${SECRET_NOTE}\n`);
      return 0;
    },
  },
  {
    path: ["api-keys", "revoke"],
    usage: "api-keys revoke <id>",
    summary: "Revoke an organization API key: it stops working at once",
    args: ["id"],
    async run(ctx) {
      const k = await ctx.client().apiKeys.revoke(ctx.args[0]!);
      print(ctx, k, () => `Revoked ${k.id} (${k.name}).\n`);
      return 0;
    },
  },
  {
    path: ["api-keys", "roll"],
    usage: "api-keys roll <id> [--grace-period D]",
    summary: "Replace an organization API key; the old one works only for the grace period",
    args: ["id"],
    options: { "grace-period": { type: "string", arg: "DURATION", help: "How long the old key keeps working, up to 1d (default 0)" } },
    async run(ctx) {
      const grace = durationOption(ctx, "grace-period");
      const k = await ctx.client().apiKeys.roll(ctx.args[0]!, grace !== undefined ? { gracePeriod: grace } : {});
      print(ctx, k, () =>
        keyValues([["API key", k.key], ...details(k)]) +
          `The previous key ${k.previous.id} ${grace ? `keeps working for ${seconds(grace)}` : "stopped working"}.\n${SECRET_NOTE}\n`,
      );
      return 0;
    },
  },
];

const appColumns: Column<OAuthApp>[] = [
  { header: "CLIENT ID", value: (a) => a.clientId },
  { header: "NAME", value: (a) => a.name },
  { header: "STATUS", value: (a) => a.status },
  { header: "SCOPES", value: (a) => a.scopes },
  { header: "LAST USED", value: (a) => when(a.lastUsedAt) },
];

const appDetails = (a: OAuthApp): [string, unknown][] => [
  ["Client ID", a.clientId],
  ["Name", a.name],
  ["Scopes", a.scopes],
  ["Status", a.status],
];

/** `handoff oauth-apps disable|enable <id>`. */
function appToggle(verb: "disable" | "enable"): Command {
  return {
    path: ["oauth-apps", verb],
    usage: `oauth-apps ${verb} <client-id>`,
    summary: verb === "disable" ? "Disable an OAuth app: its tokens stop at once" : "Enable a disabled OAuth app",
    args: ["id"],
    async run(ctx) {
      const apps = ctx.client().oauthApps;
      const a = verb === "disable" ? await apps.disable(ctx.args[0]!) : await apps.enable(ctx.args[0]!);
      print(ctx, a, () => `${a.clientId} (${a.name}) is ${a.status}.\n`);
      return 0;
    },
  };
}

export const OAUTH_APP_COMMANDS: Command[] = [
  {
    path: ["oauth-apps", "list"],
    usage: "oauth-apps list [--all]",
    summary: "List the organization's OAuth apps (client credentials)",
    options: listOptions,
    async run(ctx) {
      return listCommand(ctx, ctx.client().oauthApps.list(pageParams(ctx)), appColumns, "OAuth apps", "handoff oauth-apps list");
    },
  },
  {
    path: ["oauth-apps", "create"],
    usage: "oauth-apps create <name> --scope LIST",
    summary: "Create an OAuth app (the client secret is shown this once)",
    args: ["name"],
    options: { scope: scopeOption },
    async run(ctx) {
      const a = await ctx.client().oauthApps.create({ name: ctx.args[0]!, scopes: scopeList(ctx, true)! });
      print(ctx, a, () => keyValues([["Client secret", a.clientSecret], ...appDetails(a)]) + "The client secret is shown this once: store it now.\n");
      return 0;
    },
  },
  appToggle("disable"),
  appToggle("enable"),
  {
    path: ["oauth-apps", "delete"],
    usage: "oauth-apps delete <client-id>",
    summary: "Delete an OAuth app with its tokens",
    args: ["id"],
    async run(ctx) {
      await ctx.client().oauthApps.delete(ctx.args[0]!);
      print(ctx, { id: ctx.args[0], deleted: true }, () => `Deleted ${ctx.args[0]}.\n`);
      return 0;
    },
  },
];
