import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Handoff, HandoffError } from "../../sdk/src/index.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { sdk, serveApp, type Served } from "./support.js";

const ctx = useTestContext();

// Every method of the SDK against the real app: once in-process through an injected fetch, and
// once over real HTTP (the app behind @hono/node-server on 127.0.0.1).
describe.each(["in-process", "http"] as const)("SDK methods (%s)", (transport) => {
  let served: Served | undefined;
  let admin: Handoff;
  let project: Handoff;
  let orgId: string;

  const client = (apiKey: string) =>
    transport === "http" ? new Handoff({ apiKey, baseUrl: served!.url, maxRetries: 0 }) : sdk(ctx, { apiKey, maxRetries: 0 });

  beforeAll(async () => {
    if (transport === "http") served = await serveApp(ctx);
    const o = await org(ctx, `SDK ${transport}`);
    orgId = o.organizationId;
    admin = client(o.adminKey);
  });
  afterAll(async () => {
    await served?.close();
  });

  it("provisions.create returns the API's create response, with a key that works at once", async () => {
    const p = await admin.provisions.create({ name: "Ada Lovelace", email: "ada@example.com", projectName: "Analytical engine" });
    expect(p).toMatchObject({ status: "pending", role: "member", name: "Ada Lovelace", email: "ada@example.com", projectName: "Analytical engine", skipOnboarding: true });
    expect(p.id).toMatch(/^prv_/);
    expect(p.apiKey).toMatch(/^hnd_/);
    expect(p.claimUrl).toContain("/claim/");
    project = client(p.apiKey);
    const me = await project.me();
    expect(me.organization.id).toBe(orgId);
    expect(me.project.id).toBe(p.projectId);
    expect(me.provision).toMatchObject({ id: p.id, status: "pending" });
    expect(me.agent?.identifier).toBe("default");
  });

  it("provisions.create sends defaults only when asked, and every option when given", async () => {
    const p = await admin.provisions.create({ role: "admin", skipOnboarding: false, expiresIn: 3600, metadata: { team: "ops" } });
    expect(p).toMatchObject({ role: "admin", skipOnboarding: false, metadata: { team: "ops" }, name: null, email: null });
    expect(Date.parse(p.expiresAt) - Date.parse(p.createdAt)).toBe(3600_000);
    const bare = await admin.provisions.create();
    expect(bare.role).toBe("member");
  });

  it("provisions.get, regenerateClaimLink and cancel", async () => {
    const p = await admin.provisions.create({ name: "Grace Hopper" });
    expect((await admin.provisions.get(p.id)).name).toBe("Grace Hopper");
    const relinked = await admin.provisions.regenerateClaimLink(p.id, { expiresIn: 86400 });
    expect(relinked.claimUrl).not.toBe(p.claimUrl);
    expect(Date.parse(relinked.expiresAt)).toBe(ctx.clock.now().getTime() + 86400_000);
    const again = await admin.provisions.regenerateClaimLink(p.id);
    expect(again.expiresAt).toBe(relinked.expiresAt);
    const cancelled = await admin.provisions.cancel(p.id);
    expect(cancelled.status).toBe("cancelled");
    const err = await client(p.apiKey).me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect((err as HandoffError).status).toBe(401);
  });

  it("provisions.list: a page to await, filters, and an iterator over every page", async () => {
    const o = await org(ctx, `Lists ${transport}`);
    const a = client(o.adminKey);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await a.provisions.create({ name: `Person ${i}` })).id);
    await a.provisions.cancel(created[0]!);

    const page = await a.provisions.list({ limit: 3 });
    expect(page.data).toHaveLength(3);
    expect(page.nextCursor).toEqual(expect.any(String));

    const seen: string[] = [];
    for await (const p of a.provisions.list({ limit: 3 })) seen.push(p.id);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(created));

    const pages = [];
    for await (const pg of a.provisions.list({ limit: 3 }).pages()) pages.push(pg.data.length);
    expect(pages).toEqual([3, 3, 1]);

    const second = await a.provisions.list({ limit: 3, cursor: page.nextCursor! });
    expect(second.data[0]!.id).toBe(seen[3]);

    const pending = await a.provisions.list({ status: "pending", limit: 100 }).toArray();
    expect(pending).toHaveLength(6);
    expect((await a.provisions.list({ status: "cancelled" })).data.map((p) => p.id)).toEqual([created[0]]);
  });

  it("agents: create, list, get, getDefault, update, delete", async () => {
    const created = await project.agents.create({ name: "Support bot", identifier: "support-bot" });
    expect(created).toMatchObject({ name: "Support bot", identifier: "support-bot", isDefault: false });
    expect(await project.agents.get(created.id)).toEqual(created);
    const def = await project.agents.getDefault();
    expect(def).toMatchObject({ identifier: "default", isDefault: true });
    const updated = await project.agents.update(created.id, { name: "Helpdesk", identifier: "helpdesk" });
    expect(updated).toMatchObject({ name: "Helpdesk", identifier: "helpdesk" });
    for (let i = 0; i < 3; i++) await project.agents.create({ name: `Bot ${i}`, identifier: `bot-${i}` });
    const all = await project.agents.list({ limit: 2 }).toArray();
    expect(all.map((a) => a.identifier).sort()).toEqual(["bot-0", "bot-1", "bot-2", "default", "helpdesk"]);
    expect(await project.agents.delete(created.id)).toBeUndefined();
    await expect(project.agents.get(created.id)).rejects.toMatchObject({ status: 404, code: "not_found" });
  });

  it("keys: create, list, roll, revoke", async () => {
    const k = await project.keys.create({ name: "CI", scopes: ["agents:read"], expiresIn: 3600 });
    expect(k.key).toMatch(/^hnd_/);
    expect(k).toMatchObject({ name: "CI", scopes: ["agents:read"], status: "active" });
    const ci = client(k.key);
    expect((await ci.agents.getDefault()).identifier).toBe("default");
    await expect(ci.agents.create({ name: "x", identifier: "x" })).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });

    const listed = await project.keys.list().toArray();
    expect(listed.map((x) => x.id)).toContain(k.id);
    expect(JSON.stringify(listed)).not.toContain(k.key);

    const rolled = await project.keys.roll(k.id, { gracePeriod: 60 });
    expect(rolled.key).toMatch(/^hnd_/);
    expect(rolled.previous.id).toBe(k.id);
    expect(rolled.previous.replacedByKeyId).toBe(rolled.id);
    expect((await client(rolled.key).agents.getDefault()).isDefault).toBe(true);

    const revoked = await project.keys.revoke(rolled.id);
    expect(revoked.status).toBe("revoked");
    await expect(client(rolled.key).agents.getDefault()).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });
  });

  it("claims.preview shows what a claim link offers, from the link or its token, without a key", async () => {
    const p = await admin.provisions.create({ role: "admin", email: "grace@example.com" });
    const anonymous = transport === "http" ? new Handoff({ baseUrl: served!.url, apiKey: "" }) : sdk(ctx, { apiKey: "" });
    const preview = await anonymous.claims.preview(p.claimUrl);
    expect(preview).toMatchObject({ organization: { name: `SDK ${transport}` }, role: "admin", expiresAt: p.expiresAt, status: "pending" });
    const token = p.claimUrl.slice(p.claimUrl.indexOf("/claim/") + 7);
    expect(await anonymous.claims.preview(token)).toEqual(preview);
    await admin.provisions.cancel(p.id);
    const err = (await anonymous.claims.preview(token).catch((e: unknown) => e)) as HandoffError;
    expect(err).toBeInstanceOf(HandoffError);
    expect([404, 409, 410]).toContain(err.status);
  });
});

describe("error mapping", () => {
  it("maps a problem+json answer onto HandoffError: status, code, detail, requestId, the body", async () => {
    const o = await org(ctx);
    const h = sdk(ctx, { apiKey: o.adminKey });
    const err = (await h.provisions.get("prv_nope").catch((e: unknown) => e)) as HandoffError;
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("HandoffError");
    expect(err).toMatchObject({ status: 404, code: "not_found", attempts: 1 });
    expect(err.requestId).toMatch(/^req_/);
    expect(err.problem).toMatchObject({ status: 404, code: "not_found", requestId: err.requestId, type: expect.stringContaining("not-found") });
    expect(err.detail).toBe(err.problem!.detail);
    expect(err.message).toContain("not_found");
    expect(err.isNetworkError).toBe(false);
  });

  it("carries the field errors of a validation failure", async () => {
    const o = await org(ctx);
    const err = (await sdk(ctx, { apiKey: o.adminKey })
      .provisions.create({ email: "not-an-email", role: "owner" as never })
      .catch((e: unknown) => e)) as HandoffError;
    expect(err).toMatchObject({ status: 400, code: "validation_failed" });
    expect(err.errors.map((e) => e.path).sort()).toEqual(["email", "role"]);
  });

  it("maps 401 and 403 codes, and sends no key when there is none", async () => {
    const o = await org(ctx);
    await expect(sdk(ctx, { apiKey: "" }).provisions.list()).rejects.toMatchObject({ status: 401, code: "missing_credentials" });
    await expect(sdk(ctx, { apiKey: "hnd_nope" }).me()).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
    await expect(sdk(ctx, { apiKey: o.adminKey }).me()).rejects.toMatchObject({ status: 403, code: "project_key_required" });
    const p = await sdk(ctx, { apiKey: o.adminKey }).provisions.create();
    await expect(sdk(ctx, { apiKey: p.apiKey }).provisions.list()).rejects.toMatchObject({ status: 403, code: "admin_key_required" });
  });

  it("maps 409 conflicts", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey });
    const p = await admin.provisions.create();
    const project = sdk(ctx, { apiKey: p.apiKey });
    await project.agents.create({ name: "A", identifier: "same" });
    await expect(project.agents.create({ name: "B", identifier: "same" })).rejects.toMatchObject({ status: 409, code: "agent_identifier_taken" });
    await expect(project.agents.delete(p.agentId)).rejects.toMatchObject({ status: 409, code: "default_agent_protected" });
    await admin.provisions.cancel(p.id);
    await expect(admin.provisions.regenerateClaimLink(p.id)).rejects.toMatchObject({ status: 409, code: "provision_not_pending" });
  });

  it("an error answer that is not problem+json becomes http_error with its status", async () => {
    const h = new Handoff({ apiKey: "k", maxRetries: 0, fetch: async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway", headers: { "x-request-id": "req_proxy" } }) });
    const err = (await h.me().catch((e: unknown) => e)) as HandoffError;
    expect(err).toMatchObject({ status: 502, code: "http_error", requestId: "req_proxy", problem: undefined });
    expect(err.detail).toContain("Bad gateway");
  });

  it("a 2xx answer that is not JSON is invalid_response", async () => {
    const h = new Handoff({ apiKey: "k", fetch: async () => new Response("hello", { status: 200 }) });
    await expect(h.me()).rejects.toMatchObject({ status: 200, code: "invalid_response" });
  });

  it("a network failure is network_error with status 0; a timeout is timeout; an abort is aborted", async () => {
    const down = new Handoff({ apiKey: "k", baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
    const net = (await down.me().catch((e: unknown) => e)) as HandoffError;
    expect(net).toMatchObject({ status: 0, code: "network_error", isNetworkError: true });
    expect(net.cause).toBeDefined();

    const hanging = new Handoff({ apiKey: "k", timeoutMs: 50, maxRetries: 0, fetch: () => new Promise<Response>(() => {}) });
    const slow = (await hanging.me().catch((e: unknown) => e)) as HandoffError;
    expect(slow).toMatchObject({ status: 0, code: "timeout", isTimeout: true });

    const controller = new AbortController();
    const pending = hanging.me({ signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ status: 0, code: "aborted" });
  });
});

describe("configuration", () => {
  it("reads HANDOFF_API_KEY and HANDOFF_URL when no options are given", async () => {
    const o = await org(ctx);
    const p = await sdk(ctx, { apiKey: o.adminKey }).provisions.create();
    const saved = { key: process.env.HANDOFF_API_KEY, url: process.env.HANDOFF_URL };
    process.env.HANDOFF_API_KEY = p.apiKey;
    process.env.HANDOFF_URL = "http://from-env.test/";
    try {
      let seen = "";
      const h = new Handoff({
        fetch: (input, init) => {
          seen = String(input);
          return Promise.resolve(ctx.app.request(String(input), init));
        },
      });
      expect(h.baseUrl).toBe("http://from-env.test");
      expect((await h.me()).project.id).toBe(p.projectId);
      expect(seen).toBe("http://from-env.test/v1/me");
      // Options win over the environment.
      expect(new Handoff({ baseUrl: "http://option.test" }).baseUrl).toBe("http://option.test");
    } finally {
      for (const [name, value] of [["HANDOFF_API_KEY", saved.key], ["HANDOFF_URL", saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("defaults to http://localhost:8787, refuses a bad baseUrl, keeps the key out of sight", () => {
    const saved = process.env.HANDOFF_URL;
    delete process.env.HANDOFF_URL;
    try {
      expect(new Handoff().baseUrl).toBe("http://localhost:8787");
    } finally {
      if (saved !== undefined) process.env.HANDOFF_URL = saved;
    }
    expect(() => new Handoff({ baseUrl: "not a url" })).toThrow(/baseUrl/);
    const h = new Handoff({ apiKey: "hnd_secret_value" });
    expect(JSON.stringify(h)).not.toContain("hnd_secret_value");
  });

  it("ids are escaped in paths", async () => {
    const o = await org(ctx);
    const seen: string[] = [];
    const spy = new Handoff({
      apiKey: o.adminKey,
      baseUrl: "http://handoff.test",
      fetch: (input, init) => {
        seen.push(String(input));
        return Promise.resolve(ctx.app.request(String(input), init));
      },
    });
    // Escaped, so it reaches the provision route, which refuses it as a malformed id (never another route).
    await expect(spy.provisions.get("../keys")).rejects.toMatchObject({ status: 400, code: "validation_failed" });
    expect(seen[0]).toBe("http://handoff.test/v1/team/provisions/..%2Fkeys");
  });
});
