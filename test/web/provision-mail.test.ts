import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { addMember } from "../support/members.js";
import { browserWithCookie } from "../support/browser.js";
import { mailEnv, useMailbox } from "../support/smtp.js";
import { orgWithOwner } from "../support/team.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

type Owner = Awaited<ReturnType<typeof orgWithOwner>>;

/** Opens the form (for its Idempotency-Key and CSRF token) and posts it as a browser would. */
async function provisionFromForm(o: Owner, fields: Record<string, string>) {
  const form = await o.browser.get(`/orgs/${o.organizationId}/provisions/new`);
  const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.html)![1]!;
  const res = await o.browser.post(`/orgs/${o.organizationId}/provisions`, { role: "member", expiresIn: "604800", idempotencyKey, ...fields });
  await ctx.settle();
  const row = await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", o.organizationId).orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirst();
  return { form, res, provisionId: row?.id };
}

describe("the provision form's “Send the claim link by email”", () => {
  it("is offered ticked when mail is configured, and mails the claim link to the email given", async () => {
    const o = await orgWithOwner(ctx);
    const { form, res } = await provisionFromForm(o, { email: "form-mailed@example.com", name: "Fran", sendEmail: "on" });
    expect(form.html).toMatch(/<input type="checkbox" id="field-sendEmail" name="sendEmail" value="on" checked=""/);
    expect(form.html).toContain("Send the claim link by email");
    expect(res.status).toBe(201);
    expect(res.html).toContain("The claim link is being mailed to form-mailed@example.com");
    const [mail] = box.to("form-mailed@example.com");
    expect(mail).toBeDefined();
    const claimUrl = /id="claim-url">([^<]+)</.exec(res.html)![1]!;
    expect(box.baseLinkIn(mail!)).toBe(claimUrl);
  });

  it("unticked, nothing is mailed and the admin is told to send the link; the provision shows “not mailed”", async () => {
    const o = await orgWithOwner(ctx);
    const { res, provisionId } = await provisionFromForm(o, { email: "form-quiet@example.com" });
    expect(res.status).toBe(201);
    expect(res.html).toContain("Send the claim link to the person");
    expect(box.to("form-quiet@example.com")).toHaveLength(0);
    const detail = await o.browser.get(`/orgs/${o.organizationId}/provisions/${provisionId}`);
    expect(detail.html).toContain("not mailed");
  });

  it("keeps the box as it was when the form comes back with an error", async () => {
    const o = await orgWithOwner(ctx);
    const { res } = await provisionFromForm(o, { email: "not an address" });
    expect(res.status).toBe(400);
    expect(res.html).not.toMatch(/name="sendEmail" value="on" checked/);
    const again = await provisionFromForm(o, { email: "not an address", sendEmail: "on" });
    expect(again.res.html).toMatch(/name="sendEmail" value="on" checked/);
  });

  describe("security", () => {
    it("a member without the owner/admin role cannot provision from the form (403), mail or not", async () => {
      const o = await orgWithOwner(ctx);
      const m = await addMember(ctx, o, { role: "member" });
      const b = browserWithCookie(ctx, m.cookie);
      await b.get("/account");
      const res = await b.post(`/orgs/${o.organizationId}/provisions`, { role: "member", expiresIn: "604800", idempotencyKey: "y".repeat(20), email: "nope@example.com", sendEmail: "on" });
      expect(res.status).toBe(403);
      await ctx.settle();
      expect(box.to("nope@example.com")).toHaveLength(0);
    });

    it("a form without its CSRF token provisions nothing and mails nothing", async () => {
      const o = await orgWithOwner(ctx);
      const res = await o.browser.request("POST", `/orgs/${o.organizationId}/provisions`, {
        form: { role: "member", expiresIn: "604800", idempotencyKey: "z".repeat(20), email: "csrf@example.com", sendEmail: "on" },
      });
      expect(res.status).toBe(403);
      await ctx.settle();
      expect(box.to("csrf@example.com")).toHaveLength(0);
    });
  });
});
