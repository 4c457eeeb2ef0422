import { describe, expect, it } from "vitest";
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
});
