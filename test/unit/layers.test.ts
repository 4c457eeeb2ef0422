import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each file of `dirs` whose text matches `pattern`, with the matching lines. */
function offenders(dirs: string[], pattern: RegExp): string[] {
  return dirs.flatMap(sources).flatMap((file) =>
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .filter((line) => pattern.test(line))
      .map((line) => `${relative(root, join(root, file))}: ${line.trim()}`),
  );
}

describe("layers", () => {
  it("domain and services never import the transport (src/http) or the pages (src/web)", () => {
    expect(offenders(["src/domain", "src/services"], /from "(\.\.\/)+(http|web)\//)).toEqual([]);
  });

  it("routes and pages call services only: no query builder and no transaction of their own", () => {
    expect(offenders(["src/routes", "src/web"], /selectFrom\(|insertInto\(|updateTable\(|deleteFrom\(|\.transaction\(/)).toEqual([]);
  });

  it("page routes check CSRF and sessions only through the guards module", () => {
    expect(offenders(["src/web/routes"], /assertCsrf\(|readForm\(|loginRedirect\(|renderRefusal\(/)).toEqual([]);
  });

  it("every audit event is written by the unit of work (the sweeper's batch events and the bootstrap aside)", () => {
    expect(offenders(["src/services", "src/routes", "src/web"], /recordAudit\(|auditRow\(/).filter((l) => !/^src\/services\/(unit-of-work|audit|bootstrap)\.ts/.test(l))).toEqual([]);
  });
});
