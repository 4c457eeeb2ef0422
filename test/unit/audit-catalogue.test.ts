import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, AUDIT_CATALOGUE, isAuditAction, isSubscription, matchesSubscription } from "../../src/domain/audit-catalogue.js";

const root = join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Every event name a piece of code writes: `audit("x.y"`, `auditEvent(\n "x.y"`, `action: "x.y"` and
 * `alert("x.y"`-style calls. Written out by hand so the check does not depend on the type system
 * (a cast to `any` or a string built elsewhere would slip past `AuditAction`).
 */
export function writtenNames(text: string): string[] {
  const pattern = /(?:\baudit(?:Event)?\(\s*|\baction:\s*)["'`]([a-z_]+\.[a-z_]+)["'`]/g;
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

function unknownNames(files: string[]): string[] {
  return files.flatMap((file) =>
    writtenNames(readFileSync(join(root, file), "utf8"))
      .filter((name) => !isAuditAction(name))
      .map((name) => `${relative(root, join(root, file))}: ${name}`),
  );
}

describe("audit catalogue", () => {
  it("holds every event name the code writes", () => {
    const files = sources("src");
    const found = files.flatMap((f) => writtenNames(readFileSync(join(root, f), "utf8")));
    // The scan does find what the code writes (it would pass vacuously otherwise).
    expect(found).toEqual(expect.arrayContaining(["provision.created", "member.suspended", "provision.expired", "organization.created"]));
    expect(unknownNames(files)).toEqual([]);
  });

  it("the check fails on a name that is not in the catalogue", () => {
    const text = `await unit.audit("member.teleported", target(userId));\nauditEvent(\n  "provision.created", x);\n{ action: "ghost.seen" }`;
    const names = writtenNames(text);
    expect(names).toEqual(["member.teleported", "provision.created", "ghost.seen"]);
    expect(names.filter((n) => !isAuditAction(n))).toEqual(["member.teleported", "ghost.seen"]);
  });

  it("documents every type, named family.event in snake_case", () => {
    for (const action of AUDIT_ACTIONS) {
      expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(AUDIT_CATALOGUE[action].length).toBeGreaterThan(10);
    }
    expect(isAuditAction("toString")).toBe(false);
  });

  it("matches subscriptions: exact, family and everything", () => {
    expect(matchesSubscription("member.suspended", ["*"])).toBe(true);
    expect(matchesSubscription("member.suspended", ["member.*"])).toBe(true);
    expect(matchesSubscription("member.suspended", ["member.deleted"])).toBe(false);
    expect(matchesSubscription("membership.x", ["member.*"])).toBe(false);
    expect(isSubscription("member.*")).toBe(true);
    expect(isSubscription("nothing.*")).toBe(false);
    expect(isSubscription("alert.access_changed")).toBe(true);
    expect(isSubscription("alert.nope")).toBe(false);
  });
});

describe("the README's catalogue", () => {
  it("lists every event type", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(AUDIT_ACTIONS.filter((a) => !readme.includes(`| \`${a}\` |`))).toEqual([]);
  });
});
