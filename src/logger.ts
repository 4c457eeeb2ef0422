/**
 * Structured JSON lines. Callers pass fields, never secrets: keys, tokens and passwords are not
 * given to the logger anywhere, and a field whose name looks secret is masked as a second guard.
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

function mask(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_FIELD.test(k) && !ALLOWED.has(k) ? "[redacted]" : v;
  return out;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => console.log(l)): Logger {
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: LogFields) => {
    if (order[lvl] < order[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...(fields ? mask(fields) : {}) }));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
