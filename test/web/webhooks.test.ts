import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { addMember } from "../support/members.js";
import { TestBrowser } from "../support/browser.js";
import { field, orgWithOwner } from "../support/team.js";
import { signatureHeaders, startReceiver } from "../support/webhook-receiver.js";

const ctx = useTestContext({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await ctx.settle();
  await receiver.close();
});

describe("the Webhooks pages", () => {
  it("adds an endpoint (secret shown once), sends a test event, lists its delivery and retries it", async () => {
    const o = await orgWithOwner(ctx);
    const list = await o.browser.get(`/orgs/${o.organizationId}/webhooks`);
    expect(list.status).toBe(200);
    expect(list.html).toContain("No endpoint yet.");
    const added = await o.browser.post(`/orgs/${o.organizationId}/webhooks`, { url: receiver.url, events: "member.*, alert.access_changed", description: "SIEM" });
    expect(added.status).toBe(201);
    const secret = field(added.html, "webhook-secret");
    expect(secret).toMatch(/^whsec_/);
    const id = /webhooks\/(whk_[A-Za-z0-9]+)"/.exec(added.html)![1]!;
    const page = await o.browser.get(`/orgs/${o.organizationId}/webhooks/${id}`);
    expect(page.html).not.toContain(secret);
    const tested = await o.browser.post(`/orgs/${o.organizationId}/webhooks/${id}/test`);
    expect(tested.status).toBe(303);
    await ctx.settle();
    const got = receiver.received.at(-1)!;
    expect((new Webhook(secret).verify(got.body, signatureHeaders(got)) as any).type).toBe("webhook.tested");
    const after = await o.browser.get(`/orgs/${o.organizationId}/webhooks/${id}`);
    expect(after.html).toContain("webhook.tested");
    expect(after.html).toContain(">sent<");
    const deliveryId = /data-delivery-id="(msg_[A-Za-z0-9]+)"/.exec(after.html)![1]!;
    const retried = await o.browser.post(`/orgs/${o.organizationId}/webhooks/${id}/deliveries/${deliveryId}/retry`);
    expect(retried.status).toBe(303);
    await ctx.settle();
    expect(receiver.received.filter((r) => r.headers["webhook-id"] === deliveryId)).toHaveLength(2);
    expect((await o.browser.post(`/orgs/${o.organizationId}/webhooks/${id}/disable`)).status).toBe(303);
    expect((await o.browser.get(`/orgs/${o.organizationId}/webhooks`)).html).toContain("Disabled");
  });

  it("shows the form again naming a bad event or URL", async () => {
    const o = await orgWithOwner(ctx);
    await o.browser.get(`/orgs/${o.organizationId}/webhooks`);
    const bad = await o.browser.post(`/orgs/${o.organizationId}/webhooks`, { url: receiver.url, events: "member.teleported" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("member.teleported is not an event type");
    const badUrl = await o.browser.post(`/orgs/${o.organizationId}/webhooks`, { url: "ftp://x.example", events: "*" });
    expect(badUrl.status).toBe(400);
    expect(badUrl.html).toContain("http");
  });

  it("is refused to a member without manage_integrations, and a form without its CSRF token", async () => {
    const o = await org(ctx);
    const m = await addMember(ctx, o);
    const browser = new TestBrowser(ctx);
    browser.cookies.set("handoff_session", m.cookie.split("=")[1]!);
    expect((await browser.get(`/orgs/${o.organizationId}/webhooks`)).status).toBe(403);
    const owner = await orgWithOwner(ctx);
    const res = await ctx.app.request(`/orgs/${owner.organizationId}/webhooks`, {
      method: "POST",
      headers: { cookie: [...owner.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded", origin: "http://handoff.test" },
      body: `url=${encodeURIComponent(receiver.url)}&events=*`,
    });
    expect(res.status).toBe(403);
  });
});
