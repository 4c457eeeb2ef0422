import type { KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/deps.js";
import { generateApiKey } from "../../src/domain/api-key.js";
import { DomainError } from "../../src/domain/errors.js";
import type { ProjectPrincipal } from "../../src/domain/actors.js";
import { verifyApiKey } from "../../src/services/key-verification.js";
import { describeCaller } from "../../src/services/me.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

// The agents' hot path: a cached key is decided without a promise; a mistyped key never reaches the
// database; a cached key is still refused the moment it is revoked on this instance.

const ctx = useTestContext();

function refusal(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof DomainError ? `${err.code}: ${err.message}` : String(err);
  }
  return undefined;
}

describe("API key verification", () => {
  it("looks a key up once, then answers from the cache synchronously with the same principal", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    ctx.deps.keyCache.invalidateAll();
    const first = verifyApiKey(ctx.deps, p.apiKey);
    expect(first).toBeInstanceOf(Promise);
    const looked = await first;
    const cached = verifyApiKey(ctx.deps, p.apiKey);
    expect(cached).not.toBeInstanceOf(Promise);
    expect(cached).toEqual(looked);
    expect(cached).toMatchObject({ kind: "project", projectId: p.projectId, organizationId: o.organizationId });
  });

  it("describes the caller (GET /v1/me) from the cache without a promise, as of the moment its key was verified", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const principal = (await verifyApiKey(ctx.deps, p.apiKey)) as ProjectPrincipal;
    const first = describeCaller(ctx.deps, principal);
    expect(first).toBeInstanceOf(Promise);
    const looked = await first;
    const cached = describeCaller(ctx.deps, principal);
    expect(cached).not.toBeInstanceOf(Promise);
    expect(cached).toEqual(looked);
    expect(looked.provisionStatus).toBe("pending");
    // The provision expires between the key check and the description: the request keeps the moment it was admitted at.
    ctx.clock.set(new Date(Date.parse(p.expiresAt) + 1000));
    expect((await describeCaller(ctx.deps, principal)).provisionStatus).toBe("pending");
    await expect(verifyApiKey(ctx.deps, p.apiKey)).rejects.toMatchObject({ code: "provision_expired" });
  });

  it("refuses a mistyped key as malformed, before any lookup, even when the real key is cached", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    await verifyApiKey(ctx.deps, p.apiKey);
    const last = p.apiKey.at(-1) === "0" ? "1" : "0";
    const typo = p.apiKey.slice(0, -1) + last;
    expect(refusal(() => verifyApiKey(ctx.deps, typo))).toBe("invalid_api_key: The API key is malformed or mistyped.");
    expect(refusal(() => verifyApiKey(ctx.deps, p.apiKey + "x".repeat(10_000)))).toBe("invalid_api_key: The API key is malformed or mistyped.");
    expect(refusal(() => verifyApiKey(ctx.deps, ""))).toBe("invalid_api_key: The API key is malformed or mistyped.");
  });

  it("a well-formed key that exists nowhere is looked up, then refused: not recognised", async () => {
    await expect(verifyApiKey(ctx.deps, generateApiKey())).rejects.toMatchObject({ code: "invalid_api_key", message: "The API key is not recognised." });
  });

  it("a cached key revoked on this instance is refused at once", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(200);
    expect(verifyApiKey(ctx.deps, p.apiKey)).not.toBeInstanceOf(Promise);
    const keys = await call(ctx, "GET", "/v1/keys", { key: p.apiKey });
    const keyId = (keys.body.data as { id: string }[])[0]!.id;
    expect((await call(ctx, "DELETE", `/v1/keys/${keyId}`, { key: p.apiKey })).status).toBeLessThan(300);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).body.code).toBe("api_key_revoked");
  });

  describe("when a busy key's cache entry ends", () => {
    /** The same deps over the same database, counting the statements run through them. */
    function observed(deps: AppDeps) {
      const seen = { selects: 0, updates: 0 };
      const plugin: KyselyPlugin = {
        transformQuery: ({ node }) => {
          if (node.kind === "SelectQueryNode") seen.selects++;
          if (node.kind === "UpdateQueryNode") seen.updates++;
          return node;
        },
        transformResult: async ({ result }) => result,
      };
      return { deps: { ...deps, db: deps.db.withPlugin(plugin) }, seen };
    }

    it("50 requests arriving together make one lookup, one description and one last-used write", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      ctx.deps.keyCache.invalidateAll();
      const { deps, seen } = observed(ctx.deps);
      const principals = (await Promise.all(Array.from({ length: 50 }, () => verifyApiKey(deps, p.apiKey)))) as ProjectPrincipal[];
      expect(seen.selects).toBe(1);
      expect(new Set(principals.map((x) => x.keyId)).size).toBe(1);
      const described = await Promise.all(principals.map((principal) => describeCaller(deps, principal)));
      expect(seen.selects).toBe(2);
      expect(new Set(described.map((d) => d.details)).size).toBe(1);
      await ctx.settle();
      expect(seen.updates).toBe(1);
      // And the next request is answered from the cache.
      expect(verifyApiKey(deps, p.apiKey)).not.toBeInstanceOf(Promise);
    });

    it("50 GET /v1/me at once with a cold cache: one consistent answer", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      ctx.deps.keyCache.invalidateAll();
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(ctx, "GET", "/v1/me", { key: p.apiKey })));
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    });

    it("a request arriving after an invalidation (a revocation here) does not share a lookup started before it", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o);
      const { id: keyId } = await ctx.db.selectFrom("api_keys").select("id").where("project_id", "=", p.projectId).executeTakeFirstOrThrow();
      ctx.deps.keyCache.invalidateAll();
      const { deps, seen } = observed(ctx.deps);
      const before = verifyApiKey(deps, p.apiKey);
      ctx.deps.keyCache.invalidateKey(keyId);
      const after = verifyApiKey(deps, p.apiKey);
      await Promise.all([before, after]);
      expect(seen.selects).toBe(2);
    });
  });
});
