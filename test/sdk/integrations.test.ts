import { describe, expect, it } from "vitest";
import { HandoffError } from "../../sdk/src/index.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { runCli, sdk } from "./support.js";

const ctx = useTestContext();

const handoff = (apiKey: string, ...args: string[]) => runCli(ctx, apiKey, args);

describe("SDK: organization API keys", () => {
  it("create, list (paged), roll, revoke; a narrow key is refused beyond its scopes", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey, maxRetries: 0 });
    const k = await admin.apiKeys.create({ name: "SIEM", scopes: ["members:read", "users.list"], expiresIn: 3600 });
    expect(k).toMatchObject({ name: "SIEM", scopes: ["members:read", "users.list"], status: "active" });
    const all = [];
    for await (const x of admin.apiKeys.list({ limit: 1 })) all.push(x.id);
    expect(all).toHaveLength(2);
    const narrow = sdk(ctx, { apiKey: k.key, maxRetries: 0 });
    expect((await narrow.members.list()).data).toEqual([]);
    await expect(narrow.apiKeys.list()).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
    const rolled = await admin.apiKeys.roll(k.id, { gracePeriod: 60 });
    expect(rolled.previous.replacedByKeyId).toBe(rolled.id);
    expect((await admin.apiKeys.revoke(rolled.id)).status).toBe("revoked");
    const err = await sdk(ctx, { apiKey: rolled.key, maxRetries: 0 }).members.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toMatchObject({ status: 401, code: "api_key_revoked" });
  });
});

describe("handoff api-keys", () => {
  it("create --scope, list (table, --json), roll --grace-period, revoke", async () => {
    const o = await org(ctx);
    const created = await handoff(o.adminKey, "api-keys", "create", "CI", "--scope", "provisions:read,provisions:write", "--expires-in", "30d", "--json");
    expect(created.code, created.stderr).toBe(0);
    const k = JSON.parse(created.stdout);
    expect(k.scopes).toEqual(["provisions:read", "provisions:write"]);
    const table = await handoff(o.adminKey, "api-keys", "list");
    expect(table.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+STATUS\s+SCOPES/);
    expect(table.stdout).toContain("CI");
    expect(table.stdout).not.toContain(k.key);
    const rolled = await handoff(o.adminKey, "api-keys", "roll", k.id, "--grace-period", "1h");
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain("keeps working for 1h");
    const revoked = await handoff(o.adminKey, "api-keys", "revoke", k.id);
    expect(revoked.stdout).toContain(`Revoked ${k.id}`);
  });

  it("refuses an unknown scope or none (exit 2) before calling the server", async () => {
    const o = await org(ctx);
    const bad = await handoff(o.adminKey, "api-keys", "create", "x", "--scope", "everything");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown scope");
    expect((await handoff(o.adminKey, "api-keys", "create", "x")).code).toBe(2);
  });
});

describe("SDK and CLI: OAuth apps", () => {
  it("create, list, disable, enable, delete; the CLI prints the secret once", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey, maxRetries: 0 });
    const a = await admin.oauthApps.create({ name: "SIEM", scopes: ["users.list"] });
    expect(a.clientSecret).toMatch(/^hcs_/);
    expect((await admin.oauthApps.list()).data.map((x) => x.clientId)).toEqual([a.clientId]);
    expect((await admin.oauthApps.disable(a.id)).status).toBe("disabled");
    expect((await admin.oauthApps.enable(a.id)).status).toBe("active");
    await admin.oauthApps.delete(a.id);
    expect((await admin.oauthApps.list()).data).toEqual([]);

    const created = await handoff(o.adminKey, "oauth-apps", "create", "SOAR", "--scope", "users.list,users.suspend", "--json");
    expect(created.code, created.stderr).toBe(0);
    const app = JSON.parse(created.stdout);
    expect(app.scopes).toEqual(["users.list", "users.suspend"]);
    expect((await handoff(o.adminKey, "oauth-apps", "list")).stdout).toMatch(/^CLIENT ID\s+NAME\s+STATUS/);
    expect((await handoff(o.adminKey, "oauth-apps", "disable", app.clientId)).stdout).toContain("is disabled");
    expect((await handoff(o.adminKey, "oauth-apps", "delete", app.clientId)).code).toBe(0);
  });
});

describe("SDK: the Users API", () => {
  it("list (every page), get, suspend, reactivate with an OAuth token; errors carry the API's status", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey, maxRetries: 0 });
    for (let i = 0; i < 3; i++) await admin.provisions.create({ name: `Person ${i}`, email: `sdk-users-${i}-${o.organizationId}@example.com` });
    const app = await admin.oauthApps.create({ name: "SOAR", scopes: ["users.list", "users.get", "users.suspend", "users.reactivate"] });
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
    const issued = await ctx.app.request("/v1beta1/users/oauth2/token", {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "10.66.0.1" },
      body: form.toString(),
    });
    const { access_token } = (await issued.json()) as { access_token: string };
    const client = sdk(ctx, { apiKey: access_token, maxRetries: 0 });
    const first = await client.usersApi.list(o.organizationId, { max_page_size: 2 });
    expect(first.results).toHaveLength(2);
    expect(first.next_page_token).toBeTruthy();
    const everyone = [];
    for await (const u of client.usersApi.listAll(o.organizationId, { max_page_size: 2 })) everyone.push(u);
    expect(everyone).toHaveLength(3);
    const one = everyone[0]!;
    expect(await client.usersApi.get(o.organizationId, one.id)).toEqual(one);
    expect((await client.usersApi.suspend(o.organizationId, one.id)).state).toBe("SUSPENDED");
    expect((await client.usersApi.list(o.organizationId, { filter: "user.isSuspended()" })).results.map((u) => u.id)).toEqual([one.id]);
    expect((await client.usersApi.reactivate(o.organizationId, one.id)).state).toBe("ACTIVE");
    await expect(client.usersApi.list(o.organizationId, { filter: "user.isDeleted()" })).rejects.toMatchObject({ status: 400, code: "INVALID_ARGUMENT" });
    await expect(client.usersApi.get("org_someoneelse", one.id)).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});
