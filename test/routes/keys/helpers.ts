import { expect } from "vitest";
import type { Scope } from "../../../src/domain/scopes.js";
import type { TestContext } from "../../support/context.js";
import { org, orgWithProject, provision } from "../../support/factories.js";
import { call, type Reply } from "../../support/http.js";

/** Helpers shared by the project-key route tests (me, agents, keys). */

export type MintedKey = { id: string; key: string; scopes: string[]; agentId: string | null; expiresAt: string | null };

/** A new key of the caller's project, minted through the API. */
export async function mintKey(ctx: TestContext, key: string, body: Record<string, unknown> = {}): Promise<MintedKey> {
  const res = await call<MintedKey>(ctx, "POST", "/v1/keys", { key, body: { name: "test key", ...body } });
  if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function keyWithScopes(ctx: TestContext, key: string, scopes: Scope[]): Promise<string> {
  return (await mintKey(ctx, key, { scopes })).key;
}

/** Every scope but the given one: a key that can do everything except what is under test. */
export function allScopesBut(missing: Scope): Scope[] {
  return (["agents:read", "agents:write", "keys:read", "keys:write"] as const).filter((s) => s !== missing);
}

/**
 * The caller's project, a second project of the same organization and a project of another
 * organization: the three places an id may come from.
 */
export async function threeProjects(ctx: TestContext) {
  const mine = await orgWithProject(ctx);
  const sibling = await provision(ctx, mine.org, { name: "Grace Hopper" });
  const stranger = await provision(ctx, await org(ctx, "Globex"));
  return { mine, key: mine.key, sibling, stranger };
}

export async function createAgent(ctx: TestContext, key: string, identifier: string, name = `Agent ${identifier}`) {
  const res = await call(ctx, "POST", "/v1/agents", { key, body: { name, identifier } });
  if (res.status !== 201) throw new Error(`agent create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; identifier: string; name: string; isDefault: boolean };
}

export function fieldPaths(res: Reply): string[] {
  return (res.body?.errors ?? []).map((e: { path: string }) => e.path);
}

export function expectProblem(res: Reply, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.body.code).toBe(code);
}

/** Every page of a list, following nextCursor; also checks that no page is larger than the limit. */
export async function allPages(ctx: TestContext, path: string, key: string, limit: number) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const qs: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await call(ctx, "GET", path + qs, { key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.data);
    cursor = res.body.nextCursor;
    pages++;
    if (pages > 100) throw new Error("pagination does not end");
  } while (cursor);
  return { items: seen, pages };
}
