// An alert on an access change is mailed to every active owner (real SMTP server), in the change's
// transaction: a refused change mails nobody. So is a webhook endpoint the delivery job disabled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { call } from "../support/http.js";
import { addMember } from "../support/members.js";
import { mailEnv, useMailbox } from "../support/smtp.js";
import { startReceiver } from "../support/webhook-receiver.js";

const box = useMailbox();
const ctx = useTestContext(() => ({ ...mailEnv(box)(), WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }));
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await ctx.settle();
  await receiver.close();
});

describe("alerts by mail", () => {
  it("mails every active owner when a member is made admin; nobody else, nothing for a demotion", async () => {
    const o = await org(ctx);
    const owner1 = await addMember(ctx, o, { role: "owner" });
    const owner2 = await addMember(ctx, o, { role: "owner" });
    const suspendedOwner = await addMember(ctx, o, { role: "owner", state: "suspended" });
    const admin = await addMember(ctx, o, { role: "admin" });
    const m = await addMember(ctx, o);
    expect((await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "admin" } })).status).toBe(200);
    await ctx.settle();
    for (const owner of [owner1, owner2]) {
      const [mail] = box.to(owner.email);
      expect(mail?.subject).toMatch(/^Access changed in /);
      // Named, with the id beside the name.
      expect(mail!.text).toMatch(new RegExp(`Member .*<${m.email}> \\(${m.userId}\\) was made admin by `));
      expect(box.linkIn(mail!)).toBe(`http://handoff.test/orgs/${o.organizationId}/activity?action=alert.access_changed`);
    }
    expect(box.to(suspendedOwner.email)).toEqual([]);
    expect(box.to(admin.email)).toEqual([]);
    await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "member" } });
    await ctx.settle();
    expect(box.to(owner1.email)).toHaveLength(1);
  });

  it("mails every active owner when the delivery job disables an endpoint (410 Gone)", async () => {
    const o = await org(ctx);
    const owner = await addMember(ctx, o, { role: "owner" });
    const admin = await addMember(ctx, o, { role: "admin" });
    const w = await call(ctx, "POST", "/v1/team/webhooks", { key: o.adminKey, body: { url: receiver.url, events: ["member.*"] } });
    expect(w.status).toBe(201);
    receiver.answer(() => ({ status: 410 }));
    try {
      const m = await addMember(ctx, o);
      expect((await call(ctx, "POST", `/v1/team/members/${m.userId}/suspend`, { key: o.adminKey, body: {} })).status).toBe(200);
      // The delivery runs after the suspension commits, and the mail's first attempt after the delivery's.
      await ctx.settle();
      await ctx.settle();
    } finally {
      receiver.answer(() => ({ status: 200 }));
    }
    expect((await call(ctx, "GET", `/v1/team/webhooks/${w.body.id}`, { key: o.adminKey })).body).toMatchObject({ enabled: false, disabledReason: "gone" });
    const [mail] = box.to(owner.email);
    expect(mail?.subject).toMatch(/^A webhook endpoint of .* was disabled$/);
    expect(mail!.text).toContain(`The webhook endpoint ${receiver.url} of`);
    expect(mail!.text).toContain("it answered 410 Gone");
    expect(mail!.text).toContain(`Activity: http://handoff.test/orgs/${o.organizationId}/activity?action=webhook.disabled`);
    expect(box.to(admin.email)).toEqual([]);
  });
});
