/** The commands: each parses its flags, calls the SDK, and prints a table (or, with --json, the API's JSON). */
import type { Handoff } from "../client.js";
import type { PagePromise } from "../pagination.js";
import type { Agent, ApiKey, CreateProvisionParams, Page, Provision, ProvisionStatus, Scope } from "../types.js";
import { parseDuration, parseInteger, UsageError, type OptionSpec } from "./args.js";
import { bulkProvision } from "./bulk.js";
import { keyValues, seconds, table, when, type Column } from "./format.js";
import type { CliIo } from "./io.js";

export type CommandContext = {
  args: string[];
  values: Record<string, string | boolean>;
  str(name: string): string | undefined;
  json: boolean;
  io: CliIo;
  client(options?: { needsKey?: boolean; maxRetries?: number }): Handoff;
};

export type Opt = OptionSpec & { help: string; arg?: string };

export type Command = {
  path: string[];
  usage: string;
  summary: string;
  description?: string;
  args?: string[];
  /** Arguments that may be left out (after `args`). */
  optionalArgs?: string[];
  /** More of the last argument, up to `max` in all (`user recovery begin <user>…`). */
  repeatLast?: { max: number };
  options?: Record<string, Opt>;
  run(ctx: CommandContext): Promise<number>;
};

const PROVISION_STATUSES: ProvisionStatus[] = ["pending", "claimed", "cancelled", "expired"];
const SCOPES: Scope[] = ["agents:read", "agents:write", "keys:read", "keys:write"];

export const listOptions: Record<string, Opt> = {
  limit: { type: "string", arg: "N", help: "Page size, 1–100 (default 20)" },
  cursor: { type: "string", arg: "CURSOR", help: "Start from this page (a previous page's nextCursor)" },
  all: { type: "boolean", help: "Every page, not just the first" },
};

export function print(ctx: CommandContext, value: unknown, human: () => string) {
  ctx.io.stdout.write(ctx.json ? JSON.stringify(value, null, 2) + "\n" : human());
}

export function durationOption(ctx: CommandContext, name: string): number | undefined {
  const raw = ctx.str(name);
  if (raw === undefined) return undefined;
  const s = parseDuration(raw);
  if (s === undefined) throw new UsageError(`--${name} must be seconds or a duration such as 90s, 15m, 12h or 7d`);
  return s;
}

export function pageParams(ctx: CommandContext) {
  const limit = ctx.str("limit");
  return {
    ...(limit !== undefined ? { limit: parseInteger(limit, "--limit", 1, 100) } : {}),
    ...(ctx.str("cursor") !== undefined ? { cursor: ctx.str("cursor") } : {}),
  };
}

/** One page, or with --all every page; --json prints the API's page shape either way. */
export async function listCommand<T>(ctx: CommandContext, list: PagePromise<T>, columns: Column<T>[], what: string, again: string) {
  let page: Page<T>;
  if (ctx.values.all) page = { data: await list.toArray(), nextCursor: null };
  else page = await list;
  print(ctx, page, () => (page.data.length ? table(page.data, columns) : `No ${what}.\n`));
  if (!ctx.json && page.nextCursor) ctx.io.stderr.write(`More: ${again} --cursor ${page.nextCursor}  (or --all)\n`);
  return 0;
}

const provisionColumns: Column<Provision>[] = [
  { header: "ID", value: (p) => p.id },
  { header: "STATUS", value: (p) => p.status },
  { header: "ROLE", value: (p) => p.role },
  { header: "NAME", value: (p) => p.name },
  { header: "EMAIL", value: (p) => p.email },
  { header: "PROJECT", value: (p) => p.projectName },
  { header: "EXPIRES", value: (p) => when(p.expiresAt) },
  { header: "CREATED", value: (p) => when(p.createdAt) },
];

function provisionDetails(p: Provision): [string, unknown][] {
  return [
    ["Provision", p.id],
    ["Status", p.status],
    ["Role", p.role],
    ["Name", p.name],
    ["Email", p.email],
    ["Project", `${p.projectName} (${p.projectId})`],
    ["User", p.userId],
    ["Agent", p.agentId],
    ["API key id", p.apiKeyId],
    ["Skip onboarding", p.skipOnboarding ? "yes" : "no"],
    ["Expires", when(p.expiresAt)],
    ["Created", `${when(p.createdAt)} by ${p.createdBy.type} ${p.createdBy.id}`],
    ...(p.claimedAt ? ([["Claimed", `${when(p.claimedAt)} by ${p.claimedBy}`]] as [string, unknown][]) : []),
    ...(p.cancelledAt ? ([["Cancelled", when(p.cancelledAt)]] as [string, unknown][]) : []),
    ...(p.expiredAt ? ([["Expired", when(p.expiredAt)]] as [string, unknown][]) : []),
    ...(p.metadata ? ([["Metadata", JSON.stringify(p.metadata)]] as [string, unknown][]) : []),
  ];
}

const agentColumns: Column<Agent>[] = [
  { header: "ID", value: (a) => a.id },
  { header: "IDENTIFIER", value: (a) => a.identifier },
  { header: "NAME", value: (a) => a.name },
  { header: "DEFAULT", value: (a) => (a.isDefault ? "yes" : "") },
  { header: "CREATED", value: (a) => when(a.createdAt) },
];

const agentDetails = (a: Agent) =>
  keyValues([
    ["Agent", a.id],
    ["Identifier", a.identifier],
    ["Name", a.name],
    ["Default", a.isDefault ? "yes" : "no"],
    ["Project", a.projectId],
    ["Created", when(a.createdAt)],
    ["Updated", when(a.updatedAt)],
  ]);

const keyColumns: Column<ApiKey>[] = [
  { header: "ID", value: (k) => k.id },
  { header: "NAME", value: (k) => k.name },
  { header: "PREFIX", value: (k) => `${k.prefix}…` },
  { header: "STATUS", value: (k) => k.status },
  { header: "AGENT", value: (k) => k.agentId },
  { header: "SCOPES", value: (k) => (k.scopes.length ? k.scopes : "all") },
  { header: "EXPIRES", value: (k) => (k.expiresAt ? when(k.expiresAt) : "never") },
  { header: "LAST USED", value: (k) => when(k.lastUsedAt) },
];

const keyDetails = (k: ApiKey): [string, unknown][] => [
  ["Key id", k.id],
  ["Name", k.name],
  ["Prefix", `${k.prefix}…`],
  ["Status", k.status],
  ["Agent", k.agentId],
  ["Scopes", k.scopes.length ? k.scopes : "all"],
  ["Expires", k.expiresAt ? when(k.expiresAt) : "never"],
  ["Revoked", k.revokedAt ? when(k.revokedAt) : null],
  ["Replaced by", k.replacedByKeyId],
];

export const SECRET_NOTE = "The API key is shown this once: store it now.";

function singleProvisionBody(ctx: CommandContext): CreateProvisionParams {
  const body: CreateProvisionParams = {};
  const role = ctx.str("role");
  if (role !== undefined) {
    if (role !== "admin" && role !== "member") throw new UsageError("--role must be admin or member");
    body.role = role;
  }
  for (const [flag, field] of [
    ["name", "name"],
    ["email", "email"],
    ["project-name", "projectName"],
  ] as const) {
    const v = ctx.str(flag);
    if (v !== undefined) body[field] = v;
  }
  const expiresIn = durationOption(ctx, "expires-in");
  if (expiresIn !== undefined) body.expiresIn = expiresIn;
  if (typeof ctx.values["skip-onboarding"] === "boolean") body.skipOnboarding = ctx.values["skip-onboarding"];
  const metadata = ctx.str("metadata");
  if (metadata !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadata);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UsageError("--metadata must be a JSON object");
    body.metadata = parsed as Record<string, unknown>;
  }
  return body;
}

export const COMMANDS: Command[] = [
  {
    path: ["whoami"],
    usage: "whoami",
    summary: "Describe the project key in use: project, organization, agent, provision",
    async run(ctx) {
      const me = await ctx.client().me();
      print(ctx, me, () =>
        keyValues([
          ["Organization", `${me.organization.name} (${me.organization.id})`],
          ["Project", `${me.project.name} (${me.project.id})`],
          ["Key", `${me.key.name} (${me.key.id}, ${me.key.prefix}…)`],
          ["Scopes", me.key.scopes.length ? me.key.scopes : "all"],
          ["Key expires", me.key.expiresAt ? when(me.key.expiresAt) : "never"],
          ["Agent", me.agent ? `${me.agent.name} (${me.agent.identifier}, ${me.agent.id})` : null],
          ["Provision", me.provision ? `${me.provision.id} (${me.provision.status}, expires ${when(me.provision.expiresAt)})` : "none"],
        ]),
      );
      return 0;
    },
  },
  {
    path: ["provision"],
    usage: "provision [--name N] [--email E] … | --csv FILE",
    summary: "Provision one account, or one per row of a CSV file",
    description: [
      "One account: prints the provision with its API key (shown once) and claim link; --json prints",
      "the API's create response.",
      "",
      "Bulk (--csv): one provision per row, with a progress bar on stderr and a per-row report",
      "(--report FILE.csv or FILE.json; without it the CSV report goes to stdout) holding each row's",
      "API key and claim link. Columns (a header row is required):",
      "  name, email, role (admin|member), project_name, expires_in (seconds or 7d, 12h…),",
      "  skip_onboarding (true|false), metadata (a JSON object), metadata.<key>.",
      "--role, --expires-in and --[no-]skip-onboarding set defaults for rows that leave them empty.",
      "Rows that are invalid or refused are reported and skipped; the exit status is 1 if any failed.",
      "A bad key or an unreachable server stops the run early (the rest are reported not_run).",
      "Re-running the same file is safe: rows an earlier run provisioned are answered with that",
      "provision (for 24 hours, the server's Idempotency-Key window), never provisioned twice.",
    ].join("\n"),
    options: {
      role: { type: "string", arg: "ROLE", help: "admin or member (default member)" },
      name: { type: "string", arg: "NAME", help: "The person's name" },
      email: { type: "string", arg: "EMAIL", help: "The person's email" },
      "project-name": { type: "string", arg: "NAME", help: "Name of the provisioned project" },
      "expires-in": { type: "string", arg: "DURATION", help: "Claim link lifetime: 60s … 30d (default 7d)" },
      "skip-onboarding": { type: "boolean", negatable: true, help: "Skip onboarding after the claim (default: skip)" },
      metadata: { type: "string", arg: "JSON", help: "A JSON object kept with the provision" },
      "idempotency-key": { type: "string", arg: "KEY", help: "Repeat-safe key: the same key never provisions twice" },
      csv: { type: "string", arg: "FILE", help: "Provision one account per row of this CSV file" },
      report: { type: "string", arg: "FILE", help: "With --csv: write the per-row report here (.csv or .json)" },
      concurrency: { type: "string", arg: "N", help: "With --csv: requests in flight (1–16, default 4)" },
      "batch-id": { type: "string", arg: "ID", help: "With --csv: the batch identity (default: the file's path)" },
    },
    async run(ctx) {
      const csv = ctx.str("csv");
      if (csv !== undefined) {
        for (const flag of ["name", "email", "project-name", "metadata", "idempotency-key"]) {
          if (ctx.values[flag] !== undefined) throw new UsageError(`--${flag} cannot be combined with --csv (put it in a column)`);
        }
        const role = ctx.str("role");
        if (role !== undefined && role !== "admin" && role !== "member") throw new UsageError("--role must be admin or member");
        const concurrency = ctx.str("concurrency");
        return bulkProvision({
          file: csv,
          report: ctx.str("report"),
          concurrency: concurrency === undefined ? 4 : parseInteger(concurrency, "--concurrency", 1, 16),
          batchId: ctx.str("batch-id"),
          defaults: {
            ...(role !== undefined ? { role: role as "admin" | "member" } : {}),
            ...(durationOption(ctx, "expires-in") !== undefined ? { expiresIn: durationOption(ctx, "expires-in")! } : {}),
            ...(typeof ctx.values["skip-onboarding"] === "boolean" ? { skipOnboarding: ctx.values["skip-onboarding"] } : {}),
          },
          json: ctx.json,
          io: ctx.io,
          client: ctx.client({ maxRetries: 4 }),
        });
      }
      for (const flag of ["report", "concurrency", "batch-id"]) {
        if (ctx.values[flag] !== undefined) throw new UsageError(`--${flag} only goes with --csv`);
      }
      const body = singleProvisionBody(ctx);
      const key = ctx.str("idempotency-key");
      const p = await ctx.client().provisions.create(body, key !== undefined ? { idempotencyKey: key } : {});
      print(ctx, p, () =>
        keyValues([
          ["Provision", `${p.id} (${p.status})`],
          ["Name", p.name],
          ["Email", p.email],
          ["Role", p.role],
          ["Project", `${p.projectName} (${p.projectId})`],
          ["User", p.userId],
          ["Agent", p.agentId],
          ["API key", p.apiKey],
          ["Claim link", p.claimUrl],
          ["Expires", when(p.expiresAt)],
        ]) + `${SECRET_NOTE}\n`,
      );
      return 0;
    },
  },
  {
    path: ["provisions", "list"],
    usage: "provisions list [--status S] [--all]",
    summary: "List provisions, newest first",
    options: { status: { type: "string", arg: "STATUS", help: "pending, claimed, cancelled or expired" }, ...listOptions },
    async run(ctx) {
      const status = ctx.str("status");
      if (status !== undefined && !PROVISION_STATUSES.includes(status as ProvisionStatus)) {
        throw new UsageError(`--status must be one of ${PROVISION_STATUSES.join(", ")}`);
      }
      const list = ctx.client().provisions.list({ ...pageParams(ctx), ...(status ? { status: status as ProvisionStatus } : {}) });
      return listCommand(ctx, list, provisionColumns, "provisions", "handoff provisions list");
    },
  },
  {
    path: ["provisions", "get"],
    usage: "provisions get <id>",
    summary: "Show one provision",
    args: ["id"],
    async run(ctx) {
      const p = await ctx.client().provisions.get(ctx.args[0]!);
      print(ctx, p, () => keyValues(provisionDetails(p)));
      return 0;
    },
  },
  {
    path: ["provisions", "cancel"],
    usage: "provisions cancel <id>",
    summary: "Cancel a pending provision: its key stops working, what it created is deleted",
    args: ["id"],
    async run(ctx) {
      const p = await ctx.client().provisions.cancel(ctx.args[0]!);
      print(ctx, p, () => `Cancelled ${p.id}: its API key no longer works and its user, project, agents and keys are deleted.\n`);
      return 0;
    },
  },
  {
    path: ["provisions", "link"],
    usage: "provisions link <id> [--expires-in D]",
    summary: "Issue a new claim link (earlier links stop working)",
    args: ["id"],
    options: { "expires-in": { type: "string", arg: "DURATION", help: "A new lifetime from now (default: keep the expiry)" } },
    async run(ctx) {
      const expiresIn = durationOption(ctx, "expires-in");
      const p = await ctx.client().provisions.regenerateClaimLink(ctx.args[0]!, expiresIn !== undefined ? { expiresIn } : {});
      print(ctx, p, () =>
        keyValues([
          ["Provision", p.id],
          ["Claim link", p.claimUrl],
          ["Expires", when(p.expiresAt)],
        ]) + "Every earlier link for this provision stopped working.\n",
      );
      return 0;
    },
  },
  {
    path: ["agents", "list"],
    usage: "agents list [--all]",
    summary: "List the project's agents",
    options: listOptions,
    async run(ctx) {
      return listCommand(ctx, ctx.client().agents.list(pageParams(ctx)), agentColumns, "agents", "handoff agents list");
    },
  },
  {
    path: ["agents", "create"],
    usage: "agents create --name N --identifier I",
    summary: "Create an agent in the project",
    options: {
      name: { type: "string", arg: "NAME", help: "Display name" },
      identifier: { type: "string", arg: "ID", help: "Unique in the project: a-z, 0-9 and -, up to 50" },
    },
    async run(ctx) {
      const name = ctx.str("name");
      const identifier = ctx.str("identifier");
      if (name === undefined || identifier === undefined) throw new UsageError("agents create needs --name and --identifier");
      const a = await ctx.client().agents.create({ name, identifier });
      print(ctx, a, () => agentDetails(a));
      return 0;
    },
  },
  {
    path: ["agents", "get"],
    usage: "agents get <id|default>",
    summary: "Show one agent (`default`: the project's default agent)",
    args: ["id"],
    async run(ctx) {
      const id = ctx.args[0]!;
      const agents = ctx.client().agents;
      const a = id === "default" ? await agents.getDefault() : await agents.get(id);
      print(ctx, a, () => agentDetails(a));
      return 0;
    },
  },
  {
    path: ["agents", "update"],
    usage: "agents update <id> [--name N] [--identifier I]",
    summary: "Rename an agent or change its identifier",
    args: ["id"],
    options: {
      name: { type: "string", arg: "NAME", help: "New display name" },
      identifier: { type: "string", arg: "ID", help: "New identifier (not for the default agent)" },
    },
    async run(ctx) {
      const name = ctx.str("name");
      const identifier = ctx.str("identifier");
      if (name === undefined && identifier === undefined) throw new UsageError("give --name, --identifier or both");
      const a = await ctx.client().agents.update(ctx.args[0]!, {
        ...(name !== undefined ? { name } : {}),
        ...(identifier !== undefined ? { identifier } : {}),
      });
      print(ctx, a, () => agentDetails(a));
      return 0;
    },
  },
  {
    path: ["agents", "delete"],
    usage: "agents delete <id>",
    summary: "Delete an agent and revoke the keys bound to it",
    description: "The API answers 204 without a body; --json prints { \"id\": …, \"deleted\": true }.",
    args: ["id"],
    async run(ctx) {
      const id = ctx.args[0]!;
      await ctx.client().agents.delete(id);
      print(ctx, { id, deleted: true }, () => `Deleted ${id}; the keys bound to it are revoked.\n`);
      return 0;
    },
  },
  {
    path: ["keys", "list"],
    usage: "keys list [--all]",
    summary: "List the project's API keys (never the secrets)",
    options: listOptions,
    async run(ctx) {
      return listCommand(ctx, ctx.client().keys.list(pageParams(ctx)), keyColumns, "keys", "handoff keys list");
    },
  },
  {
    path: ["keys", "create"],
    usage: "keys create --name N [--agent ID] [--scopes S,…] [--expires-in D]",
    summary: "Create an API key (the full key is shown this once)",
    options: {
      name: { type: "string", arg: "NAME", help: "What the key is for" },
      agent: { type: "string", arg: "ID", help: "Bind the key to this agent" },
      scopes: { type: "string", arg: "LIST", help: `Comma-separated: ${SCOPES.join(", ")} (default: the calling key's)` },
      "expires-in": { type: "string", arg: "DURATION", help: "Lifetime, 60s … 366d (default: no expiry)" },
    },
    async run(ctx) {
      const name = ctx.str("name");
      if (name === undefined) throw new UsageError("keys create needs --name");
      const scopesRaw = ctx.str("scopes");
      const scopes = scopesRaw?.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = scopes?.filter((s) => !SCOPES.includes(s as Scope));
      if (bad?.length) throw new UsageError(`unknown scope(s) ${bad.join(", ")}; known: ${SCOPES.join(", ")}`);
      const expiresIn = durationOption(ctx, "expires-in");
      const agent = ctx.str("agent");
      const k = await ctx.client().keys.create({
        name,
        ...(agent !== undefined ? { agentId: agent } : {}),
        ...(scopes ? { scopes: scopes as Scope[] } : {}),
        ...(expiresIn !== undefined ? { expiresIn } : {}),
      });
      print(ctx, k, () => keyValues([["API key", k.key], ...keyDetails(k)]) + `${SECRET_NOTE}\n`);
      return 0;
    },
  },
  {
    path: ["keys", "revoke"],
    usage: "keys revoke <id>",
    summary: "Revoke an API key: it stops working at once",
    args: ["id"],
    async run(ctx) {
      const k = await ctx.client().keys.revoke(ctx.args[0]!);
      print(ctx, k, () => `Revoked ${k.id} (${k.name}).\n`);
      return 0;
    },
  },
  {
    path: ["keys", "roll"],
    usage: "keys roll <id> [--grace-period D]",
    summary: "Replace a key with a new one; the old one works only for the grace period",
    args: ["id"],
    options: { "grace-period": { type: "string", arg: "DURATION", help: "How long the old key keeps working, up to 1d (default 0)" } },
    async run(ctx) {
      const grace = durationOption(ctx, "grace-period");
      const k = await ctx.client().keys.roll(ctx.args[0]!, grace !== undefined ? { gracePeriod: grace } : {});
      print(ctx, k, () =>
        keyValues([["API key", k.key], ...keyDetails(k)]) +
          `The previous key ${k.previous.id} ${grace ? `keeps working for ${seconds(grace)}` : "stopped working"}.\n${SECRET_NOTE}\n`,
      );
      return 0;
    },
  },
  {
    path: ["claims", "preview"],
    usage: "claims preview <link|token>",
    summary: "What a claim link offers: organization, role, expiry, status (no key needed)",
    args: ["link"],
    async run(ctx) {
      const c = await ctx.client({ needsKey: false }).claims.preview(ctx.args[0]!);
      const extra = c as { projectName?: string; email?: string | null };
      print(ctx, c, () =>
        keyValues([
          ["Organization", c.organization.name],
          ["Role", c.role],
          extra.projectName !== undefined && ["Project", extra.projectName],
          extra.email !== undefined && ["For", extra.email ?? "anyone with the link"],
          ["Status", c.status],
          ["Expires", when(c.expiresAt)],
        ]),
      );
      return 0;
    },
  },
];
