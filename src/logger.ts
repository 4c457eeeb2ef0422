/**
 * Structured JSON lines. Callers pass fields, never secrets: keys, tokens and passwords are not
 * given to the logger anywhere. As a second guard, at any depth, a field whose name looks secret is
 * masked, and so is any text that looks like an API key, carries a link token (claim, setup, invite,
 * recovery, verification, reset, confirmation links) or a `token=` query parameter.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;
export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
};

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const SECRET_FIELD = /key$|token|secret|password|authorization|cookie/i;
const ALLOWED = new Set(["keyId", "apiKeyId"]);

/** Every kind of page whose path carries a secret token: today's links and the ones planned. */
export const LINK_KINDS = ["claim", "setup", "invite", "recover", "recovery", "verify", "reset", "confirm"] as const;

const SECRET_TEXT: [RegExp, string][] = [
  [/hnd_[0-9A-Za-z]{20,}/g, "[redacted]"],
  // `(?!:)`: a route pattern such as /invite/:token is not a token.
  [new RegExp(`/(${LINK_KINDS.join("|")})/(?!:)[^\\s"'?#/]+`, "g"), "/$1/[redacted]"],
  [/([?&](?:token|code|secret)=)[^&\s"'#]+/gi, "$1[redacted]"],
];

function maskText(text: string): string {
  return SECRET_TEXT.reduce((t, [re, replacement]) => t.replace(re, replacement), text);
}

function mask(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskText(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) && !ALLOWED.has(k) ? "[redacted]" : mask(v, depth + 1);
  return out;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => console.log(l)): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: LogFields) => {
    if (order[lvl] < order[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: maskText(msg), ...(fields ? (mask(fields) as LogFields) : {}) }));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
