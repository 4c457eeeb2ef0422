import { expect, it } from "vitest";
import type { TestContext } from "./context.js";
import { org, provision } from "./factories.js";
import { call, type Reply } from "./http.js";

type Target = { method: string; path: string; body?: unknown };

function flipLastChar(key: string) {
  const last = key.at(-1)!;
  return key.slice(0, -1) + (last === "A" ? "B" : "A");
}

async function expectUnauthorized(res: Reply, code: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  expect(res.body.code).toBe(code);
}

/**
 * The security cases every protected route shares: no key, wrong scheme, malformed, mistyped
 * (checksum), unknown, revoked, and the other kind of key. Cross-organization ids are tested per route.
 */
export function itRefusesBadCredentials(ctx: TestContext, kind: "admin" | "project", target: Target) {
  const send = (key?: string, headers?: Record<string, string>) =>
    call(ctx, target.method, target.path, { key, body: target.body, ...(headers ? { headers } : {}) });

  it("refuses a request without a key (401, WWW-Authenticate)", async () => {
    await expectUnauthorized(await send(), "missing_credentials");
  });

  it("refuses a non-Bearer Authorization header", async () => {
    await expectUnauthorized(await send(undefined, { authorization: "Basic dXNlcjpwYXNz" }), "missing_credentials");
  });

  it("refuses a malformed key", async () => {
    await expectUnauthorized(await send("hnd_not-a-key"), "invalid_api_key");
  });

  it("refuses a key whose checksum fails (a typo)", async () => {
    const o = await org(ctx);
    await expectUnauthorized(await send(flipLastChar(o.adminKey)), "invalid_api_key");
  });

  it("refuses a well-formed key that does not exist", async () => {
    const o = await org(ctx);
    await ctx.db.deleteFrom("api_keys").where("organization_id", "=", o.organizationId).execute();
    await expectUnauthorized(await send(o.adminKey), "invalid_api_key");
  });

  it("refuses a revoked key", async () => {
    const o = await org(ctx);
    let key = o.adminKey;
    if (kind === "project") key = (await provision(ctx, o)).apiKey;
    await ctx.db
      .updateTable("api_keys")
      .set({ revoked_at: ctx.clock.now() })
      .where("organization_id", "=", o.organizationId)
      .execute();
    for (const row of await ctx.db.selectFrom("api_keys").select("id").where("organization_id", "=", o.organizationId).execute()) {
      ctx.deps.keyCache.invalidateKey(row.id);
    }
    await expectUnauthorized(await send(key), "api_key_revoked");
  });

  if (kind === "admin") {
    it("refuses a project key (403 admin_key_required)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const res = await send(p.apiKey);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("admin_key_required");
    });
  } else {
    it("refuses an admin key (403 project_key_required)", async () => {
      const o = await org(ctx);
      const res = await send(o.adminKey);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("project_key_required");
    });

    it("refuses the key of a cancelled provision", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      expect((await call(ctx, "DELETE", `/v1/team/provisions/${p.id}`, { key: o.adminKey })).status).toBe(200);
      await expectUnauthorized(await send(p.apiKey), "invalid_api_key");
    });
  }
}
