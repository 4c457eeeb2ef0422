import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRow } from "../../../src/services/audit.js";
import { queueWebhooks } from "../../../src/services/webhooks/fan-out.js";
import { webhookChannel } from "../../../src/services/webhooks/channel.js";
import { useTestContext } from "../../support/context.js";
import { org, type Org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";
import { signatureHeaders, startReceiver } from "../../support/webhook-receiver.js";

const ctx = useTestContext({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await ctx.settle();
  await receiver.close();
});

async function endpoint(o: Org, body: Record<string, unknown> = {}) {
  const res = await call(ctx, "POST", "/v1/team/webhooks", { key: o.adminKey, body: { url: receiver.url, events: ["member.*"], ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

/** What the receiver got for this organization (every test has its own). */
function receivedBy(o: Org) {
  return receiver.received.filter((r) => JSON.parse(r.body).data.organizationId === o.organizationId);
}

async function suspendSomeone(o: Org) {
  const m = await addMember(ctx, o);
  const res = await call(ctx, "POST", `/v1/team/members/${m.userId}/suspend`, { key: o.adminKey, body: {} });
  expect(res.status).toBe(200);
  await ctx.settle();
  return m;
}

const deliveriesOf = async (o: Org, id: string) => (await call(ctx, "GET", `/v1/team/webhooks/${id}/deliveries`, { key: o.adminKey })).body.data;

describe("/v1/team/webhooks", () => {
  describe("happy", () => {
    it("creates an endpoint whose secret is shown once and stored only sealed", async () => {
      const o = await org(ctx);
      const w = await endpoint(o, { description: "SIEM", events: ["member.*", "alert.access_changed", "member.*"] });
      expect(w.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const got = await call(ctx, "GET", `/v1/team/webhooks/${w.id}`, { key: o.adminKey });
      expect(got.body).toMatchObject({ id: w.id, url: receiver.url, description: "SIEM", events: ["alert.access_changed", "member.*"], enabled: true });
      expect(got.body.secret).toBeUndefined();
      const list = await call(ctx, "GET", "/v1/team/webhooks", { key: o.adminKey });
      expect(list.body.data.map((e: any) => e.id)).toEqual([w.id]);
      const row = await ctx.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", w.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(w.secret.slice(6));
      const events = await call(ctx, "GET", `/v1/team/audit-events?targetId=${w.id}`, { key: o.adminKey });
      expect(events.body.data.map((e: any) => e.action)).toEqual(["webhook.created"]);
      expect(JSON.stringify(events.body)).not.toContain(w.secret.slice(6));
    });

    it("delivers a subscribed event right after commit, signed as Standard Webhooks says (verified by the standardwebhooks package)", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      const m = await suspendSomeone(o);
      const got = receivedBy(o);
      expect(got).toHaveLength(1);
      const payload = new Webhook(w.secret).verify(got[0]!.body, signatureHeaders(got[0]!)) as any;
      expect(payload).toMatchObject({ type: "member.suspended", data: { action: "member.suspended", target: { type: "user", id: m.userId }, organizationId: o.organizationId } });
      expect(got[0]!.headers["webhook-id"]).toMatch(/^msg_/);
      const [d] = await deliveriesOf(o, w.id);
      expect(d).toMatchObject({ id: got[0]!.headers["webhook-id"], status: "sent", attempts: 1, responseStatus: 200, eventType: "member.suspended", nextAttemptAt: null });
      expect(d.durationMs).toBeGreaterThanOrEqual(0);
      // Another organization's secret does not verify it.
      const other = await endpoint(await org(ctx));
      expect(() => new Webhook(other.secret).verify(got[0]!.body, signatureHeaders(got[0]!))).toThrow();
    });

    it("sends only what the endpoint subscribes to; * gets everything; a disabled endpoint nothing", async () => {
      const o = await org(ctx);
      const members = await endpoint(o, { events: ["member.suspended"] });
      const all = await endpoint(o, { events: ["*"] });
      const off = await endpoint(o, { events: ["*"], enabled: false });
      await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: {} });
      await suspendSomeone(o);
      expect((await deliveriesOf(o, members.id)).map((d: any) => d.eventType)).toEqual(["member.suspended"]);
      const seen = (await deliveriesOf(o, all.id)).map((d: any) => d.eventType);
      expect(seen.filter((t: string) => !t.startsWith("webhook.")).sort()).toEqual(["member.suspended", "provision.created"]);
      expect(await deliveriesOf(o, off.id)).toEqual([]);
    });

    it("a receiver that is down gets retries with backoff, honouring Retry-After, then the same webhook-id succeeds", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      let down = true;
      receiver.answer(() => (down ? { status: 503, headers: { "retry-after": "120" } } : { status: 200 }));
      try {
        await suspendSomeone(o);
        let [d] = await deliveriesOf(o, w.id);
        expect(d).toMatchObject({ status: "queued", attempts: 1, responseStatus: 503, lastError: "HTTP 503" });
        expect(Date.parse(d.nextAttemptAt) - ctx.clock.now().getTime()).toBe(120_000);
        // Not due yet: the job leaves it.
        expect((await webhookChannel.deliverDue(ctx.deps, ctx.clock.now(), 10)).attempted).toBe(0);
        ctx.clock.advanceSeconds(120);
        await webhookChannel.deliverDue(ctx.deps, ctx.clock.now(), 10);
        [d] = await deliveriesOf(o, w.id);
        expect(d).toMatchObject({ status: "queued", attempts: 2 });
        // The schedule's second wait is 5 minutes.
        expect(Date.parse(d.nextAttemptAt) - ctx.clock.now().getTime()).toBe(300_000);
        down = false;
        ctx.clock.advanceSeconds(300);
        await webhookChannel.deliverDue(ctx.deps, ctx.clock.now(), 10);
        [d] = await deliveriesOf(o, w.id);
        expect(d).toMatchObject({ status: "sent", attempts: 3, responseStatus: 200 });
        const ids = new Set(receivedBy(o).map((r) => r.headers["webhook-id"]));
        expect(ids.size).toBe(1);
        expect(receivedBy(o)).toHaveLength(3);
        for (const r of receivedBy(o)) expect(() => new Webhook(w.secret).verify(r.body, signatureHeaders(r))).not.toThrow();
      } finally {
        receiver.answer(() => ({ status: 200 }));
      }
    });

    it("gives a delivery up after about three days of failures", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      receiver.answer(() => ({ status: 500 }));
      try {
        await suspendSomeone(o);
        const start = ctx.clock.now().getTime();
        for (;;) {
          const [d] = await deliveriesOf(o, w.id);
          if (d.status !== "queued") break;
          ctx.clock.set(new Date(d.nextAttemptAt));
          await webhookChannel.deliverDue(ctx.deps, ctx.clock.now(), 10);
        }
        const [d] = await deliveriesOf(o, w.id);
        expect(d).toMatchObject({ status: "failed", attempts: 10, nextAttemptAt: null });
        const hours = (ctx.clock.now().getTime() - start) / 3_600_000;
        expect(hours).toBeGreaterThan(60);
        expect(hours).toBeLessThan(96);
      } finally {
        receiver.answer(() => ({ status: 200 }));
      }
    });

    it("410 Gone disables the endpoint, with an event saying so", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      receiver.answer(() => ({ status: 410 }));
      try {
        await suspendSomeone(o);
      } finally {
        receiver.answer(() => ({ status: 200 }));
      }
      const got = (await call(ctx, "GET", `/v1/team/webhooks/${w.id}`, { key: o.adminKey })).body;
      expect(got).toMatchObject({ enabled: false, disabledReason: "gone" });
      expect((await deliveriesOf(o, w.id))[0]).toMatchObject({ status: "failed", responseStatus: 410 });
      const events = await call(ctx, "GET", `/v1/team/audit-events?action=webhook.disabled`, { key: o.adminKey });
      expect(events.body.data[0]).toMatchObject({ actor: { type: "system", id: "webhooks" }, metadata: { reason: "gone" } });
      // Enabling it again clears the record.
      const on = await call(ctx, "PATCH", `/v1/team/webhooks/${w.id}`, { key: o.adminKey, body: { enabled: true } });
      expect(on.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    });

    it("an endpoint failing for days is disabled, with an event saying so", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      await ctx.db.updateTable("webhook_endpoints").set({ failing_since: new Date(ctx.clock.now().getTime() - 6 * 86_400_000) }).where("id", "=", w.id).execute();
      receiver.answer(() => ({ status: 500 }));
      try {
        await suspendSomeone(o);
      } finally {
        receiver.answer(() => ({ status: 200 }));
      }
      expect((await call(ctx, "GET", `/v1/team/webhooks/${w.id}`, { key: o.adminKey })).body).toMatchObject({ enabled: false, disabledReason: "failing" });
      // What it still had queued is not sent any more.
      ctx.clock.advanceSeconds(3600);
      await webhookChannel.deliverDue(ctx.deps, ctx.clock.now(), 10);
      expect((await deliveriesOf(o, w.id))[0]).toMatchObject({ status: "failed", lastError: "the endpoint is disabled" });
    });

    it("rotation: both secrets sign during the overlap, then only the new one", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      const rotated = await call(ctx, "POST", `/v1/team/webhooks/${w.id}/rotate-secret`, { key: o.adminKey, body: { overlapSeconds: 3600 } });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(w.secret);
      await suspendSomeone(o);
      const [first] = receivedBy(o);
      expect(String(first!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(() => new Webhook(w.secret).verify(first!.body, signatureHeaders(first!))).not.toThrow();
      expect(() => new Webhook(rotated.body.secret).verify(first!.body, signatureHeaders(first!))).not.toThrow();
      ctx.clock.advanceSeconds(3601);
      await suspendSomeone(o);
      const second = receivedBy(o)[1]!;
      expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(1);
      expect(() => new Webhook(w.secret).verify(second.body, signatureHeaders(second))).toThrow();
      expect(() => new Webhook(rotated.body.secret).verify(second.body, signatureHeaders(second))).not.toThrow();
    });

    it("test sends a signed webhook.tested to this endpoint only; retry sends a delivery again with its id", async () => {
      const o = await org(ctx);
      const w = await endpoint(o, { events: ["policy.updated"] });
      const tested = await call(ctx, "POST", `/v1/team/webhooks/${w.id}/test`, { key: o.adminKey });
      expect(tested.status).toBe(202);
      await ctx.settle();
      const [got] = receivedBy(o);
      expect((new Webhook(w.secret).verify(got!.body, signatureHeaders(got!)) as any).type).toBe("webhook.tested");
      const retried = await call(ctx, "POST", `/v1/team/webhooks/${w.id}/deliveries/${tested.body.id}/retry`, { key: o.adminKey });
      expect(retried.status).toBe(202);
      await ctx.settle();
      expect(receivedBy(o).map((r) => r.headers["webhook-id"])).toEqual([tested.body.id, tested.body.id]);
      expect((await deliveriesOf(o, w.id))[0]).toMatchObject({ status: "sent", attempts: 1 });
    });

    it("a crash after commit loses nothing: the job delivers the queued row, once", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      // The change committed its event and outbox row, and the process died before the first attempt.
      const m = await addMember(ctx, o);
      const event = auditRow({ organizationId: o.organizationId, actor: { type: "system", id: "test" }, action: "member.confirmed", target: { type: "user", id: m.userId }, requestId: null, at: ctx.clock.now() });
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto("audit_events").values(event).execute();
        await queueWebhooks(trx, [event.id], ctx.clock.now());
      });
      expect(receivedBy(o)).toHaveLength(0);
      const queued = await deliveriesOf(o, w.id);
      expect(queued.map((d: any) => d.status)).toEqual(["queued"]);
      const runs = await Promise.all(Array.from({ length: 5 }, () => webhookChannel.deliverDue(ctx.deps, ctx.clock.now(), 10)));
      expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(1);
      expect(receivedBy(o)).toHaveLength(1);
      expect((await deliveriesOf(o, w.id))[0]).toMatchObject({ status: "sent", attempts: 1 });
    });
  });

  describe("errors", () => {
    it("refuses a bad URL, an unknown event type and an empty list, naming the field", async () => {
      const o = await org(ctx);
      for (const [body, path] of [
        [{ url: "ftp://x.example", events: ["*"] }, "url"],
        [{ url: "https://u:p@x.example", events: ["*"] }, "url"],
        [{ url: receiver.url, events: ["member.teleported"] }, "events.0"],
        [{ url: receiver.url, events: [] }, "events"],
        [{ url: receiver.url, events: ["*"], secret: "mine" }, "secret"],
      ] as const) {
        const res = await call(ctx, "POST", "/v1/team/webhooks", { key: o.adminKey, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.errors[0].path).toBe(path);
      }
    });

    it("retry of a delivery of a disabled endpoint is a 409; unknown ids are 404", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      const t = await call(ctx, "POST", `/v1/team/webhooks/${w.id}/test`, { key: o.adminKey });
      await ctx.settle();
      await call(ctx, "PATCH", `/v1/team/webhooks/${w.id}`, { key: o.adminKey, body: { enabled: false } });
      const res = await call(ctx, "POST", `/v1/team/webhooks/${w.id}/deliveries/${t.body.id}/retry`, { key: o.adminKey });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("webhook_disabled");
      expect((await call(ctx, "GET", "/v1/team/webhooks/whk_nope", { key: o.adminKey })).status).toBe(404);
      expect((await call(ctx, "POST", `/v1/team/webhooks/${w.id}/deliveries/msg_nope/retry`, { key: o.adminKey })).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/webhooks", body: { url: "https://receiver.example/x", events: ["*"] } });
    itGuardsTeamSessions(ctx, "manage_integrations", () => ({ method: "POST", path: "/v1/team/webhooks", body: { url: "https://receiver.example/x", events: ["*"] } }));

    it("another organization's endpoint and deliveries answer 404", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      const other = await org(ctx);
      for (const [method, path] of [
        ["GET", `/v1/team/webhooks/${w.id}`],
        ["PATCH", `/v1/team/webhooks/${w.id}`],
        ["DELETE", `/v1/team/webhooks/${w.id}`],
        ["GET", `/v1/team/webhooks/${w.id}/deliveries`],
        ["POST", `/v1/team/webhooks/${w.id}/test`],
        ["POST", `/v1/team/webhooks/${w.id}/rotate-secret`],
      ] as const) {
        const res = await call(ctx, method, path, { key: other.adminKey, ...(method === "PATCH" ? { body: { enabled: false } } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    });

    it("the SSRF guard refuses a private target at delivery time unless WEBHOOK_ALLOW_PRIVATE_TARGETS", async () => {
      const o = await org(ctx);
      const w = await endpoint(o);
      ctx.config.webhookAllowPrivateTargets = false;
      try {
        expect((await call(ctx, "POST", "/v1/team/webhooks", { key: o.adminKey, body: { url: "http://169.254.169.254/latest", events: ["*"] } })).status).toBe(400);
        await suspendSomeone(o);
      } finally {
        ctx.config.webhookAllowPrivateTargets = true;
      }
      expect(receivedBy(o)).toHaveLength(0);
      expect((await deliveriesOf(o, w.id))[0]).toMatchObject({ status: "queued", lastError: expect.stringMatching(/^refused: 127\.0\.0\.1/) });
    });
  });
});
