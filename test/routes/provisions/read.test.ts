import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

describe("GET /v1/team/provisions", () => {
  describe("happy", () => {
    it("lists newest first, paginates with a cursor, and never returns a secret", async () => {
      const o = await org(ctx);
      const made = [];
      for (let i = 0; i < 5; i++) {
        made.push(await provision(ctx, o, { name: `Person ${i}` }));
        ctx.clock.advance(1000);
      }
      const first = await call(ctx, "GET", "/v1/team/provisions?limit=2", { key: o.adminKey });
      expect(first.status).toBe(200);
      expect(first.body.data.map((p: { name: string }) => p.name)).toEqual(["Person 4", "Person 3"]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call(ctx, "GET", `/v1/team/provisions?limit=2&cursor=${first.body.nextCursor}`, { key: o.adminKey });
      expect(second.body.data.map((p: { name: string }) => p.name)).toEqual(["Person 2", "Person 1"]);
      const third = await call(ctx, "GET", `/v1/team/provisions?limit=2&cursor=${second.body.nextCursor}`, { key: o.adminKey });
      expect(third.body.data.map((p: { name: string }) => p.name)).toEqual(["Person 0"]);
      expect(third.body.nextCursor).toBeNull();

      const text = JSON.stringify([first.body, second.body, third.body]);
      for (const p of made) {
        expect(text).not.toContain(p.apiKey);
        expect(text).not.toContain(p.claimUrl.split("/claim/")[1]);
      }
      expect(first.body.data[0]).not.toHaveProperty("apiKey");
      expect(first.body.data[0]).not.toHaveProperty("claimUrl");
    });

    it("pages through provisions created in the same millisecond without loss or repeat", async () => {
      const o = await org(ctx);
      const ids = new Set<string>();
      for (let i = 0; i < 7; i++) ids.add((await provision(ctx, o)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : "";
        const page = await call(ctx, "GET", `/v1/team/provisions?limit=3${q}`, { key: o.adminKey });
        seen.push(...page.body.data.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen)).toEqual(ids);
    });

    it("filters by effective status: a pending provision past its expiry lists as expired before any sweep", async () => {
      const o = await org(ctx);
      const short = await provision(ctx, o, { expiresIn: 60 });
      const long = await provision(ctx, o);
      const cancelled = await provision(ctx, o);
      await call(ctx, "DELETE", `/v1/team/provisions/${cancelled.id}`, { key: o.adminKey });
      ctx.clock.advanceSeconds(61);
      const ids = async (status: string) =>
        (await call(ctx, "GET", `/v1/team/provisions?status=${status}`, { key: o.adminKey })).body.data.map((p: { id: string }) => p.id);
      expect(await ids("expired")).toEqual([short.id]);
      expect(await ids("pending")).toEqual([long.id]);
      expect(await ids("cancelled")).toEqual([cancelled.id]);
      expect(await ids("claimed")).toEqual([]);
      const one = await call(ctx, "GET", `/v1/team/provisions/${short.id}`, { key: o.adminKey });
      expect(one.body.status).toBe("expired");
    });
  });

  describe("errors", () => {
    it.each([
      ["status=done", "query.status"],
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["limit=abc", "query.limit"],
    ])("refuses ?%s naming the parameter", async (qs, path) => {
      const o = await org(ctx);
      const res = await call(ctx, "GET", `/v1/team/provisions?${qs}`, { key: o.adminKey });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it("refuses a forged cursor", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "GET", "/v1/team/provisions?cursor=not-a-cursor", { key: o.adminKey });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("invalid_cursor");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/provisions" });

    it("lists only the caller's organization", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      await provision(ctx, a);
      const res = await call(ctx, "GET", "/v1/team/provisions", { key: b.adminKey });
      expect(res.body.data).toEqual([]);
    });
  });
});

describe("GET /v1/team/provisions/{id}", () => {
  it("returns the provision without secrets", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { email: "grace@example.com" });
    const res = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, status: "pending", email: "grace@example.com", apiKeyId: p.apiKeyId });
    expect(JSON.stringify(res.body)).not.toContain(p.apiKey);
  });

  it("answers 404 for an unknown id", async () => {
    const o = await org(ctx);
    const res = await call(ctx, "GET", "/v1/team/provisions/prv_doesnotexist", { key: o.adminKey });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("not_found");
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/provisions/prv_x" });

    it("answers 404 for another organization's provision, exactly as for an unknown one", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      const p = await provision(ctx, a);
      const res = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: b.adminKey });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("not_found");
      expect(res.body.detail).toBe(`No provision ${p.id} in this organization.`);
    });
  });
});
