import { describe, expect, it } from "vitest";
import { DELIVERY_LEASE_MS, MAX_DELIVERY_ATTEMPTS } from "../../src/domain/delivery.js";
import { deliveryJob } from "../../src/jobs/delivery-job.js";
import { createProvision } from "../../src/services/provisions/create.js";
import { change } from "../../src/services/unit-of-work.js";
import { queueMail } from "../../src/services/mail/outbox.js";
import { contextOf } from "../../src/domain/actors.js";
import { useTestContext } from "../support/context.js";
import { org, provision, serverKeyActor } from "../support/factories.js";
import { call } from "../support/http.js";
import { mailEnv, useMailbox } from "../support/smtp.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

/** The organization's admin key acting, as the API would have it. */
const teamContext = (o: { organizationId: string }) => contextOf(serverKeyActor(o.organizationId, "key_outboxtest"), null);

/**
 * A provision whose process dies right after commit: the change commits (the outbox row with it), but
 * its after-commit effects — the first delivery attempt — never run.
 */
async function provisionThenCrash(o: { organizationId: string }, email: string) {
  const actor = teamContext(o);
  const input = { role: "member" as const, skipOnboarding: true, email };
  return change(ctx.deps, actor, {}, (unit) => createProvision(ctx.deps, actor, input, { within: { ...unit, afterCommit: () => {} } }));
}

const runJob = (now = ctx.clock.now()) => deliveryJob(ctx.deps).run(now, new AbortController().signal);

async function outboxRow(provisionId: string) {
  return ctx.db.selectFrom("mail_outbox").selectAll().where("subject_id", "=", provisionId).executeTakeFirstOrThrow();
}

describe("mail outbox", () => {
  it("writes the message in the change's transaction and sends it once, right after commit", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { email: "first@example.com", name: "First" });
    await ctx.settle();
    const mails = box.to("first@example.com");
    expect(mails).toHaveLength(1);
    expect(box.baseLinkIn(mails[0]!)).toBe(p.claimUrl);
    const row = await outboxRow(p.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, payload: null, lease_until: null, last_error: null });
    // The job finds nothing more to do: the message is never sent twice.
    await runJob();
    expect(box.to("first@example.com")).toHaveLength(1);
  });

  it("keeps the message sealed at rest: no link in the table while it waits", async () => {
    const o = await org(ctx);
    box.refuseWith = "4.3.0 mailbox busy";
    const p = await provision(ctx, o, { email: "sealed@example.com" });
    await ctx.settle();
    box.refuseWith = null;
    const row = await outboxRow(p.id);
    const token = p.claimUrl.split("/").pop()!;
    expect(row.payload).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(ctx.logs.join("\n")).not.toContain(token);
  });

  it("loses nothing to a crash between commit and the first attempt: the job sends it, once", async () => {
    const o = await org(ctx);
    const created = await provisionThenCrash(o, "crash@example.com");
    await ctx.settle();
    expect(box.to("crash@example.com")).toHaveLength(0);
    expect(await outboxRow(created.provision.id)).toMatchObject({ status: "queued", attempts: 0 });

    await runJob();
    await runJob();
    const mails = box.to("crash@example.com");
    expect(mails).toHaveLength(1);
    expect(box.baseLinkIn(mails[0]!)).toBe(created.claimUrl);
    expect(await outboxRow(created.provision.id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("queues nothing when the change rolls back", async () => {
    const o = await org(ctx);
    const before = box.received.length;
    await expect(
      change(ctx.deps, teamContext(o), {}, async (unit) => {
        await queueMail(ctx.deps, unit, {
          organizationId: o.organizationId,
          kind: "invitation",
          about: { type: "invitation", id: "inv_rolledback" },
          to: "rollback@example.com",
          message: { subject: "s", text: "t", html: "<p>h</p>" },
        });
        throw new Error("the change fails after queueing");
      }),
    ).rejects.toThrow("the change fails");
    await ctx.settle();
    await runJob();
    expect(box.received.length).toBe(before);
    expect(await ctx.db.selectFrom("mail_outbox").select("id").where("subject_id", "=", "inv_rolledback").execute()).toEqual([]);
  });

  it("retries a refused message with growing waits, keeps the reason, and sends it once the server takes it", async () => {
    const o = await org(ctx);
    box.refuseWith = "4.2.2 mailbox full";
    const p = await provision(ctx, o, { email: "retry@example.com" });
    await ctx.settle();
    let row = await outboxRow(p.id);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.last_error).toContain("mailbox full");
    expect(row.next_attempt_at.getTime() - ctx.clock.now().getTime()).toBe(30_000);

    // Not due yet: the job leaves it alone.
    await runJob();
    expect((await outboxRow(p.id)).attempts).toBe(1);

    ctx.clock.advance(30_000);
    await runJob();
    row = await outboxRow(p.id);
    expect(row.attempts).toBe(2);
    expect(row.next_attempt_at.getTime() - ctx.clock.now().getTime()).toBe(60_000);

    const api = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    expect(api.body.delivery).toMatchObject({ state: "queued", to: "retry@example.com", attempts: 2 });
    expect(api.body.delivery.reason).toContain("mailbox full");

    box.refuseWith = null;
    ctx.clock.advance(60_000);
    await runJob();
    expect(box.to("retry@example.com")).toHaveLength(1);
    const sent = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    expect(sent.body.delivery).toMatchObject({ state: "sent", attempts: 3, reason: null });
  });

  it("gives up after the last attempt, keeping the reason, and drops the sealed message", async () => {
    const o = await org(ctx);
    box.refuseWith = "4.7.1 greylisted";
    const p = await provision(ctx, o, { email: "giveup@example.com" });
    await ctx.settle();
    for (let i = 1; i < MAX_DELIVERY_ATTEMPTS; i++) {
      ctx.clock.advance(7 * 3600_000);
      await runJob();
    }
    box.refuseWith = null;
    const row = await outboxRow(p.id);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, payload: null });
    ctx.clock.advance(7 * 3600_000);
    await runJob();
    expect(box.to("giveup@example.com")).toHaveLength(0);
    const api = await call(ctx, "GET", `/v1/team/provisions/${p.id}`, { key: o.adminKey });
    expect(api.body.delivery).toMatchObject({ state: "failed", attempts: MAX_DELIVERY_ATTEMPTS, nextAttemptAt: null });
    expect(api.body.delivery.reason).toContain("greylisted");
  });

  it("takes back a row whose worker died mid-attempt once its lease lapses", async () => {
    const o = await org(ctx);
    const created = await provisionThenCrash(o, "lease@example.com");
    // A worker claimed it and died before sending.
    await ctx.db
      .updateTable("mail_outbox")
      .set({ status: "sending", attempts: 1, lease_until: new Date(ctx.clock.now().getTime() + DELIVERY_LEASE_MS) })
      .where("subject_id", "=", created.provision.id)
      .execute();
    await runJob();
    expect(box.to("lease@example.com")).toHaveLength(0);
    ctx.clock.advance(DELIVERY_LEASE_MS);
    await runJob();
    expect(box.to("lease@example.com")).toHaveLength(1);
    expect(await outboxRow(created.provision.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("sends each message exactly once when 50 delivery runs race for them", async () => {
    const o = await org(ctx);
    const addresses = Array.from({ length: 12 }, (_, i) => `race${i}@example.com`);
    for (const email of addresses) await provisionThenCrash(o, email);
    const results = await Promise.all(Array.from({ length: 50 }, () => runJob()));
    const attempted = results.reduce((n, r) => n + r.channels.mail!.attempted, 0);
    // (Rows other tests of this file left due may be among them.)
    expect(attempted).toBeGreaterThanOrEqual(addresses.length);
    for (const email of addresses) expect(box.to(email)).toHaveLength(1);
    const rows = await ctx.db.selectFrom("mail_outbox").select(["status", "attempts"]).where("recipient", "in", addresses).execute();
    expect(rows).toHaveLength(addresses.length);
    for (const row of rows) expect(row).toEqual({ status: "sent", attempts: 1 });
    const ids = new Set(addresses.flatMap((a) => box.to(a).map((m) => m.messageId)));
    expect(ids.size).toBe(addresses.length);
  });
});
