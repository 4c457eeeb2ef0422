// Pure parts of the CLI and SDK, tested without a server: CSV, arguments, durations, row planning
// (the Idempotency-Keys that make a bulk re-run safe), Retry-After.
import { describe, expect, it } from "vitest";
import { parseArgs, parseDuration, UsageError } from "../../sdk/src/cli/args.js";
import { planRows } from "../../sdk/src/cli/bulk.js";
import { parseCsv, toCsv } from "../../sdk/src/cli/csv.js";
import { claimToken } from "../../sdk/src/index.js";
import { isRetryableStatus, parseRetryAfter } from "../../sdk/src/retry.js";

describe("CSV", () => {
  it("reads quotes, doubled quotes, commas and newlines in quotes, CRLF, a BOM, blank lines", () => {
    const text = '\ufeffname,email\r\n"Lovelace, Ada","ada@example.com"\r\n\r\n"Say ""hi""",b@example.com\n"two\nlines",c@example.com';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["name", "email"] },
      { line: 2, fields: ["Lovelace, Ada", "ada@example.com"] },
      { line: 4, fields: ['Say "hi"', "b@example.com"] },
      { line: 5, fields: ["two\nlines", "c@example.com"] },
    ]);
  });

  it("round-trips what it writes", () => {
    const rows = [["a,b", 'q"uote', "line\nbreak", " padded", null, 3]];
    const parsed = parseCsv(toCsv(["x", "y", "z", "p", "n", "num"], rows));
    expect(parsed[1]!.fields).toEqual(["a,b", 'q"uote', "line\nbreak", " padded", "", "3"]);
  });

  it("refuses an unterminated quote", () => {
    expect(() => parseCsv('name\n"oops')).toThrow(/unterminated/);
  });
});

describe("arguments", () => {
  const spec = { json: { type: "boolean" }, name: { type: "string" }, "skip-onboarding": { type: "boolean", negatable: true }, help: { type: "boolean", short: "h" } } as const;

  it("parses values, booleans, --no-, = and --", () => {
    expect(parseArgs(["provision", "--name", "Ada", "--json", "--no-skip-onboarding", "-h", "--", "--name"], spec)).toEqual({
      positionals: ["provision", "--name"],
      values: { name: "Ada", json: true, "skip-onboarding": false, help: true },
      seen: ["name", "json", "skip-onboarding", "help"],
    });
    expect(parseArgs(["--name=a=b"], spec).values.name).toBe("a=b");
  });

  it("refuses unknown options (with a suggestion), missing values and values for booleans", () => {
    expect(() => parseArgs(["--nmae", "x"], spec)).toThrow(/unknown option --nmae \(did you mean --name\?\)/);
    expect(() => parseArgs(["--name"], spec)).toThrow(UsageError);
    expect(() => parseArgs(["--name", "--json"], spec)).toThrow(/needs a value/);
    expect(() => parseArgs(["--json=yes"], spec)).toThrow(/takes no value/);
    expect(() => parseArgs(["--no-name"], spec)).toThrow(/unknown option/);
  });

  it("durations: seconds, units, combinations", () => {
    expect(parseDuration("3600")).toBe(3600);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("15m")).toBe(900);
    expect(parseDuration("7d")).toBe(604800);
    expect(parseDuration("1d12h")).toBe(129600);
    expect(parseDuration("2w")).toBe(1209600);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("-5")).toBeUndefined();
  });
});

describe("bulk row planning", () => {
  const file = "name,email,role,project_name,expires_in,skip_onboarding,metadata.team\n" + "Ada,ada@example.com,Admin,Engine,7d,no,ops\n" + "Grace,grace@example.com,,,,,\n" + "No email,,member,,,,\n";

  it("builds each row's request body, with the defaults for empty cells", () => {
    const rows = planRows(file, "batch", { role: "member", expiresIn: 3600 });
    expect(rows.map((r) => r.body)).toEqual([
      { name: "Ada", email: "ada@example.com", role: "admin", projectName: "Engine", expiresIn: 604800, skipOnboarding: false, metadata: { team: "ops" } },
      { name: "Grace", email: "grace@example.com", role: "member", expiresIn: 3600 },
      { name: "No email", role: "member", expiresIn: 3600 },
    ]);
    expect(rows.map((r) => [r.result.row, r.result.line])).toEqual([[1, 2], [2, 3], [3, 4]]);
  });

  it("gives every row a stable Idempotency-Key: the same file, the same keys", () => {
    const a = planRows(file, "batch", {}).map((r) => r.result.idempotencyKey);
    const b = planRows(file, "batch", {}).map((r) => r.result.idempotencyKey);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
    for (const k of a) expect(k).toMatch(/^hcsv_[0-9a-f]{48}$/);
    // Another batch: other keys.
    expect(planRows(file, "other", {}).map((r) => r.result.idempotencyKey)).not.toContain(a[0]);
  });

  it("keys follow the person (email), not the row number: inserting or reordering rows changes nothing", () => {
    const keys = (text: string) => new Map(planRows(text, "b", {}).map((r) => [r.body?.email ?? r.body?.name, r.result.idempotencyKey]));
    const before = keys("name,email\nAda,ada@example.com\nGrace,grace@example.com\n");
    const after = keys("name,email\nNew,new@example.com\nGrace,grace@example.com\nAda,ada@example.com\n");
    expect(after.get("ada@example.com")).toBe(before.get("ada@example.com"));
    expect(after.get("grace@example.com")).toBe(before.get("grace@example.com"));
    // Editing Ada's name keeps her key, so the server refuses a second provision (422) instead of making one.
    expect(keys("name,email\nAda L.,ADA@example.com\n").get("ADA@example.com")).toBe(before.get("ada@example.com"));
  });

  it("the same person twice gets two keys (two rows, two provisions); rows without email are keyed by content", () => {
    const rows = planRows("name,email\nAda,ada@example.com\nAda,ada@example.com\nX,\nX,\n", "b", {});
    expect(new Set(rows.map((r) => r.result.idempotencyKey)).size).toBe(4);
  });

  it("marks rows the CLI can tell are wrong, and refuses unknown or repeated columns", () => {
    const rows = planRows("name,role,expires_in,skip_onboarding,metadata\nA,owner,,,\nB,,soon,,\nC,,,maybe,\nD,,,,[1]\nE,,,,,extra\n", "b", {});
    expect(rows.map((r) => [r.result.status, r.result.error?.detail])).toEqual([
      ["failed", 'role must be admin or member, not "owner"'],
      ["failed", 'expires_in must be seconds or a duration such as 7d, not "soon"'],
      ["failed", 'skip_onboarding must be true or false, not "maybe"'],
      ["failed", "metadata must be a JSON object"],
      ["failed", "has 6 fields but the header has 5"],
    ]);
    expect(rows.every((r) => r.body === undefined && r.result.error?.code === "invalid_row")).toBe(true);
    expect(() => planRows("name,emial\nA,b\n", "b", {})).toThrow(/unknown CSV column\(s\) "emial"/);
    expect(() => planRows("email,Email\na,b\n", "b", {})).toThrow(/appears twice/);
    expect(() => planRows("", "b", {})).toThrow(/empty/);
    // Headers are matched loosely: case, spaces, dashes and underscores do not matter.
    expect(planRows("Name,E-mail,Project Name\nA,a@example.com,P\n", "b", {})[0]!.body).toEqual({ name: "A", email: "a@example.com", projectName: "P" });
  });
});

describe("retry rules", () => {
  it("Retry-After in seconds or as a date", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("garbage")).toBeUndefined();
  });

  it("retries 408, 429, 5xx and idempotency_key_in_use; never another 4xx", () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 413, 415, 422, 501]) expect(isRetryableStatus(s)).toBe(false);
    expect(isRetryableStatus(409, "idempotency_key_in_use")).toBe(true);
  });

  it("claimToken takes a claim link or a bare token", () => {
    expect(claimToken("http://h.test/claim/t1.abc.def?x=1")).toBe("t1.abc.def");
    expect(claimToken(" t1.abc.def ")).toBe("t1.abc.def");
  });
});
