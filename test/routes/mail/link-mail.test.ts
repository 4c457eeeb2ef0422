import { createServer, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app.js";
import { makeDeps } from "../../../src/deps.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";
import { useTestContext, SEALING, SIGNING } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { mailEnv, useMailbox } from "../../support/smtp.js";
import { orgWithOwner } from "../../support/team.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

describe("mailed links", () => {
  describe("provisions", () => {
    it("mails the claim link to the provision's email: plain text and HTML, the organization's name, no tracking", async () => {
      const o = await org(ctx, "Initech");
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { email: "Peter@Example.com", name: "Peter", projectName: "TPS" } });
      expect(res.status).toBe(201);
      expect(res.body.delivery).toMatchObject({ state: "queued", to: "Peter@Example.com", attempts: 0, reason: null, sentAt: null });
      await ctx.settle();

      const [mail] = box.to("peter@example.com");
      expect(mail).toBeDefined();
      expect(mail!.from).toBe("handoff@handoff.test");
      expect(mail!.subject).toBe("Initech set up a Handoff account for you");
      expect(mail!.text).toContain("Hello Peter,");
      expect(mail!.text).toContain('the project "TPS"');
      expect(box.baseLinkIn(mail!)).toBe(res.body.claimUrl);
      const mailed = box.linkIn(mail!);
      expect(mailed).toMatch(/\?proof=t1\.[\w-]+$/);
      expect(mail!.html).toContain(`href="${mailed}"`);
      expect(mail!.html).toContain("Initech");
      // No tracking: no images, no scripts, no link but the claim link itself.
      expect(mail!.html).not.toMatch(/<img|<script|<link /i);
      expect([...mail!.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([mailed]);
      expect(mail!.messageId).toMatch(/^<mail_\w+@handoff\.test>$/);

      const got = await call(ctx, "GET", `/v1/team/provisions/${res.body.id}`, { key: o.adminKey });
      expect(got.body.delivery).toMatchObject({ state: "sent", attempts: 1, reason: null });
      const list = await call(ctx, "GET", "/v1/team/provisions", { key: o.adminKey });
      expect(list.body.data.find((p: { id: string }) => p.id === res.body.id).delivery.state).toBe("sent");
    });

    it("escapes what people typed into the HTML", async () => {
      const o = await org(ctx, `Evil <b>Corp</b> & "Co"`);
      await provision(ctx, o, { email: "escape@example.com", name: "<script>x</script>" });
      await ctx.settle();
      const [mail] = box.to("escape@example.com");
      expect(mail!.html).toContain("Evil &lt;b&gt;Corp&lt;/b&gt; &amp; &quot;Co&quot;");
      expect(mail!.html).not.toContain("<script>");
    });

    it("sends nothing with sendEmail: false, nor without an email", async () => {
      const o = await org(ctx);
      const quiet = await provision(ctx, o, { email: "quiet@example.com", sendEmail: false });
      const anonymous = await provision(ctx, o, {});
      await ctx.settle();
      expect(box.to("quiet@example.com")).toHaveLength(0);
      expect((await call(ctx, "GET", `/v1/team/provisions/${quiet.id}`, { key: o.adminKey })).body.delivery).toBeNull();
      expect((await call(ctx, "GET", `/v1/team/provisions/${anonymous.id}`, { key: o.adminKey })).body.delivery).toBeNull();
    });

    it("refuses a sendEmail that is not a boolean, naming the field", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body: { email: "x@example.com", sendEmail: "yes" } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain("sendEmail");
    });

    it("mails the new link when a mailed link is regenerated (the old one stops working)", async () => {
      const o = await org(ctx);
      const p = await provision(ctx, o, { email: "regen@example.com" });
      await ctx.settle();
      const regen = await call(ctx, "POST", `/v1/team/provisions/${p.id}/claim-link`, { key: o.adminKey });
      expect(regen.status).toBe(200);
      await ctx.settle();
      const mails = box.to("regen@example.com");
      expect(mails.map((m) => box.baseLinkIn(m))).toEqual([p.claimUrl, regen.body.claimUrl]);
      // A link handed over by hand (sendEmail: false) stays that way.
      const quiet = await provision(ctx, o, { email: "regen-quiet@example.com", sendEmail: false });
      await call(ctx, "POST", `/v1/team/provisions/${quiet.id}/claim-link`, { key: o.adminKey });
      await ctx.settle();
      expect(box.to("regen-quiet@example.com")).toHaveLength(0);
    });

    it("shows the delivery on the provision page", async () => {
      const o = await orgWithOwner(ctx);
      const p = await provision(ctx, o, { email: "page@example.com" });
      await ctx.settle();
      const page = await o.browser.get(`/orgs/${o.organizationId}/provisions/${p.id}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Claim link mail");
      expect(page.html).toMatch(/badge ok">sent<\/span> to page@example.com/);
    });
  });

  describe("invitations", () => {
    it("mails an invitation that names an email, and the new link on resend", async () => {
      const o = await org(ctx, "Globex");
      const inv = await call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body: { email: "Hank@Example.com", role: "admin" } });
      expect(inv.status).toBe(201);
      expect(inv.body.delivery).toMatchObject({ state: "queued", to: "hank@example.com" });
      await ctx.settle();
      const [first] = box.to("hank@example.com");
      expect(first!.subject).toBe("You are invited to join Globex on Handoff");
      expect(first!.text).toContain("as an admin");
      expect(box.baseLinkIn(first!)).toBe(inv.body.url);

      const resent = await call(ctx, "POST", `/v1/team/invitations/${inv.body.id}/resend`, { key: o.adminKey });
      await ctx.settle();
      expect(box.to("hank@example.com").map((m) => box.baseLinkIn(m))).toEqual([inv.body.url, resent.body.url]);
      const got = await call(ctx, "GET", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey });
      expect(got.body.delivery).toMatchObject({ state: "sent", to: "hank@example.com" });
      const list = await call(ctx, "GET", "/v1/team/invitations", { key: o.adminKey });
      expect(list.body.data[0].delivery.state).toBe("sent");
    });

    it("mails nothing for an invitation without an email", async () => {
      const o = await org(ctx);
      const before = box.received.length;
      const inv = await call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body: {} });
      await ctx.settle();
      expect(inv.body.delivery).toBeNull();
      expect(box.received.length).toBe(before);
    });

    it("shows each invitation's delivery on the People page", async () => {
      const o = await orgWithOwner(ctx);
      box.refuseWith = "4.2.1 try later";
      await call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body: { email: "people-page@example.com" } });
      await ctx.settle();
      box.refuseWith = null;
      const page = await o.browser.get(`/orgs/${o.organizationId}/people`);
      expect(page.status).toBe(200);
      expect(page.html).toContain("people-page@example.com");
      expect(page.html).toContain("retrying after: ");
      expect(page.html).toContain("try later");
    });
  });
});

describe("mail through an HTTP relay (the Workers way)", () => {
  const posts: Array<{ auth: string | undefined; idempotencyKey: string | undefined; body: Record<string, string> }> = [];
  let status = 202;
  const relay = createServer((req: IncomingMessage, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      posts.push({ auth: req.headers.authorization, idempotencyKey: req.headers["idempotency-key"] as string | undefined, body: JSON.parse(data) });
      res.writeHead(status, { "content-type": "application/json" }).end(status === 202 ? "{}" : '{"error":"quota exceeded"}');
    });
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(relay.address() as { port: number }).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

  function relayApp() {
    const config = loadConfig({
      PUBLIC_URL: "http://handoff.test",
      PASSWORD_ITERATIONS: "1000",
      MAIL_HTTP_URL: url,
      MAIL_HTTP_SECRET: "relay-secret-0123456789",
      MAIL_FROM: "Handoff <handoff@handoff.test>",
    });
    const pending: Promise<unknown>[] = [];
    const deps = makeDeps({ db: ctx.db, config, signingSecrets: SIGNING, sealingKeys: SEALING, clock: ctx.clock, logger: createLogger("silent"), defer: (t) => void pending.push(t) });
    return { app: createApp(deps), settle: () => Promise.all(pending) };
  }

  it("POSTs each message as JSON with the bearer secret and the row's id as Idempotency-Key; a refusal is kept as the reason", async () => {
    const o = await org(ctx);
    const { app, settle } = relayApp();
    const post = (email: string) =>
      app.request("/v1/team/provisions", { method: "POST", headers: { authorization: `Bearer ${o.adminKey}`, "content-type": "application/json" }, body: JSON.stringify({ email }) });
    const res = await post("relay@example.com");
    const created = (await res.json()) as { id: string; claimUrl: string };
    await settle();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.auth).toBe("Bearer relay-secret-0123456789");
    expect(posts[0]!.idempotencyKey).toMatch(/^mail_/);
    expect(posts[0]!.body).toMatchObject({ id: posts[0]!.idempotencyKey, from: "Handoff <handoff@handoff.test>", to: "relay@example.com" });
    expect(posts[0]!.body.text).toContain(created.claimUrl);
    expect(posts[0]!.body.html).toContain(created.claimUrl);

    status = 429;
    const refused = (await (await post("relay-refused@example.com")).json()) as { id: string };
    await settle();
    status = 202;
    const got = await call(ctx, "GET", `/v1/team/provisions/${refused.id}`, { key: o.adminKey });
    expect(got.body.delivery).toMatchObject({ state: "queued", attempts: 1 });
    expect(got.body.delivery.reason).toBe('mail relay answered 429: {"error":"quota exceeded"}');
  });
});
