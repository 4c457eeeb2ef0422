/** The `handoff` command line: argument parsing, dispatch, help, and errors on stderr. */
import { Handoff } from "../client.js";
import { SDK_VERSION } from "../core.js";
import { HandoffError } from "../errors.js";
import { parseArgs, parseDuration, parseInteger, UsageError, type OptionSpec } from "./args.js";
import { COMMANDS as CORE_COMMANDS, type Command, type CommandContext } from "./commands.js";
import { TEAM_COMMANDS } from "./team-commands.js";
import { API_KEY_COMMANDS, OAUTH_APP_COMMANDS } from "./integration-commands.js";
import type { CliIo } from "./io.js";

const COMMANDS: Command[] = [...CORE_COMMANDS, ...TEAM_COMMANDS, ...API_KEY_COMMANDS, ...OAUTH_APP_COMMANDS];

const GLOBAL_OPTIONS: Record<string, OptionSpec & { help: string; arg?: string }> = {
  "api-key": { type: "string", arg: "KEY", help: "API key (default: $HANDOFF_API_KEY)" },
  url: { type: "string", arg: "URL", help: "Handoff server (default: $HANDOFF_URL, else http://localhost:8787)" },
  json: { type: "boolean", help: "Print the API's own JSON objects (errors as problem JSON on stderr)" },
  timeout: { type: "string", arg: "DURATION", help: "Per-request timeout, e.g. 30s (default 30s)" },
  "max-retries": { type: "string", arg: "N", help: "Retries on network errors, 429 and 5xx (default 2; 4 for --csv)" },
  help: { type: "boolean", short: "h", help: "Show help" },
  version: { type: "boolean", short: "v", help: "Show the version" },
};

function allOptions(): Record<string, OptionSpec> {
  const spec: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const c of COMMANDS) for (const [name, o] of Object.entries(c.options ?? {})) spec[name] = o;
  return spec;
}

function optionLines(options: Record<string, OptionSpec & { help: string; arg?: string }>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = (o.short ? `-${o.short}, ` : "    ") + (o.negatable ? `--[no-]${name}` : `--${name}`) + (o.arg ? ` ${o.arg}` : "");
    return [flag, o.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
}

const brief = (c: Command) =>
  [...c.path, ...(c.args ?? []).map((a) => `<${a}>`), ...(c.optionalArgs ?? []).map((a) => `[<${a}>]`), ...(c.repeatLast ? ["…"] : [])].join(" ");

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => brief(c).length));
  return [
    "handoff: provision ready-to-use accounts from scripts, CI and spreadsheets",
    "",
    "Usage: handoff <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${brief(c).padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Environment: HANDOFF_API_KEY (an admin key for provisions, user and group; a project key for",
    "whoami, agents and keys), HANDOFF_URL.",
    "Run `handoff <command> --help` for a command's options. Exit status: 0 ok, 1 an API or",
    "network error (or a failed CSV row), 2 a usage error, 130 interrupted.",
    "",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [
    `Usage: handoff ${c.usage}`,
    "",
    c.summary,
    ...(c.description ? ["", c.description] : []),
    ...(c.options && Object.keys(c.options).length ? ["", "Options:", ...optionLines(c.options)] : []),
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
  ].join("\n");
}

function findCommand(positionals: string[]): { command: Command; args: string[] } | undefined {
  for (const c of COMMANDS) {
    if (c.path.every((word, i) => positionals[i] === word)) return { command: c, args: positionals.slice(c.path.length) };
  }
  return undefined;
}

function printError(err: HandoffError, io: CliIo, json: boolean) {
  if (json) {
    io.stderr.write(JSON.stringify(err.toJSON()) + "\n");
    return;
  }
  const lines = [`handoff: ${err.code}${err.status ? ` (HTTP ${err.status})` : ""}: ${err.detail}`];
  for (const e of err.errors) lines.push(`  ${e.path}: ${e.message}`);
  if (err.code === "admin_key_required") lines.push("  Provisions need an organization admin key (--api-key or HANDOFF_API_KEY).");
  if (err.code === "project_key_required") lines.push("  whoami, agents and keys need a project key, such as the one a provision returns.");
  if (err.code === "network_error" || err.code === "timeout") lines.push(`  Is the Handoff server answering at ${err.attempts > 1 ? "that URL (tried " + err.attempts + " times)" : "that URL"}? Set --url or HANDOFF_URL.`);
  if (err.requestId) lines.push(`  request id: ${err.requestId}`);
  io.stderr.write(lines.join("\n") + "\n");
}

/** Runs the CLI; resolves to the exit status. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes("--json");
  let command: Command | undefined;
  try {
    const parsed = parseArgs(argv, allOptions());
    const values = parsed.values;
    json = values.json === true;
    if (values.version) {
      io.stdout.write(`handoff ${SDK_VERSION}\n`);
      return 0;
    }
    if (parsed.positionals[0] === "help") {
      const found = findCommand(parsed.positionals.slice(1));
      io.stdout.write(found ? commandHelp(found.command) : mainHelp());
      return 0;
    }
    const found = findCommand(parsed.positionals);
    if (!found) {
      if (values.help || parsed.positionals.length === 0) {
        io[values.help ? "stdout" : "stderr"].write(mainHelp());
        return values.help ? 0 : 2;
      }
      const group = COMMANDS.filter((c) => c.path[0] === parsed.positionals[0]);
      if (group.length) {
        const verbs = group.map((c) => c.path[1]).join(", ");
        const [noun, verb] = parsed.positionals;
        throw new UsageError(
          verb === undefined
            ? `\`handoff ${noun}\` needs one of: ${verbs}`
            : `unknown command \`handoff ${noun} ${verb}\`; ${noun} has: ${verbs}`,
        );
      }
      throw new UsageError(`unknown command \`${parsed.positionals[0]}\``);
    }
    command = found.command;
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const allowed = new Set([...Object.keys(GLOBAL_OPTIONS), ...Object.keys(command.options ?? {})]);
    const stray = parsed.seen.find((name) => !allowed.has(name));
    if (stray) throw new UsageError(`--${stray} is not an option of \`handoff ${command.path.join(" ")}\``, command.path.join(" "));
    const expected = command.args ?? [];
    if (found.args.length < expected.length) {
      throw new UsageError(`\`handoff ${command.path.join(" ")}\` needs ${expected.map((a) => `<${a}>`).join(" ")}`, command.path.join(" "));
    }
    const most = command.repeatLast?.max ?? expected.length + (command.optionalArgs?.length ?? 0);
    if (found.args.length > most) {
      throw new UsageError(`unexpected argument ${JSON.stringify(found.args[most])}`, command.path.join(" "));
    }

    const str = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
    let client: Handoff | undefined;
    const ctx: CommandContext = {
      args: found.args,
      values,
      str,
      json,
      io,
      client: ({ needsKey = true, maxRetries }: { needsKey?: boolean; maxRetries?: number } = {}) => {
        if (client) return client;
        const apiKey = str("api-key") ?? io.env.HANDOFF_API_KEY;
        if (needsKey && !apiKey) throw new UsageError("no API key: set HANDOFF_API_KEY or pass --api-key");
        const timeout = str("timeout");
        const timeoutSeconds = timeout === undefined ? undefined : parseDuration(timeout);
        if (timeout !== undefined && !timeoutSeconds) throw new UsageError("--timeout must be a duration such as 30s or 2m");
        const retries = str("max-retries");
        client = new Handoff({
          apiKey,
          baseUrl: str("url") ?? io.env.HANDOFF_URL,
          timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 : undefined,
          maxRetries: retries !== undefined ? parseInteger(retries, "--max-retries", 0, 10) : maxRetries,
          fetch: io.fetch,
        });
        return client;
      },
    };
    return await command.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      const where = err.command ?? command?.path.join(" ");
      io.stderr.write(`handoff: ${err.message}\nRun \`handoff ${where ? where + " " : ""}--help\` for usage.\n`);
      return 2;
    }
    if (err instanceof HandoffError) {
      printError(err, io, json);
      return 1;
    }
    if (err instanceof TypeError && /baseUrl/.test(err.message)) {
      io.stderr.write(`handoff: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`handoff: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
