/** A small argv parser: `--flag value`, `--flag=value`, boolean flags, `--no-<flag>`, `-h`, and `--`. */

export type OptionSpec = { type: "string" | "boolean"; short?: string; negatable?: boolean };

export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export type Parsed = { positionals: string[]; values: Record<string, string | boolean>; seen: string[] };

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>): Parsed {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const seen: string[] = [];
  const shorts = new Map(Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      positionals.push(token);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      inline = eq >= 0 ? token.slice(eq + 1) : undefined;
    } else {
      const long = shorts.get(token.slice(1));
      if (!long) throw new UsageError(`unknown option ${token}`);
      name = long;
    }
    let option = spec[name];
    let negated = false;
    if (!option && name.startsWith("no-") && spec[name.slice(3)]?.negatable) {
      name = name.slice(3);
      option = spec[name];
      negated = true;
    }
    if (!option) throw new UsageError(`unknown option --${name}${suggest(name, Object.keys(spec))}`);
    seen.push(name);
    if (option.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      values[name] = !negated;
      continue;
    }
    if (negated) throw new UsageError(`--no-${name} is not an option`);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(`--${name} needs a value`);
    }
    values[name] = value;
  }
  return { positionals, values, seen };
}

function suggest(name: string, known: string[]): string {
  const close = known.filter((k) => distance(k, name) <= 2);
  return close.length ? ` (did you mean --${close[0]}?)` : "";
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `3600`, `90s`, `15m`, `12h`, `7d`, `2w`, or combinations such as `1d12h` → seconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^(\d+[smhdw])+$/.test(t)) return undefined;
  let total = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * UNITS[unit!]!;
  return total;
}

export function parseInteger(text: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} must be a whole number, not ${JSON.stringify(text)}`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${what} must be between ${min} and ${max}`);
  return n;
}
