import { describe, expect, it } from "vitest";
import { person } from "../../../src/domain/actors.js";
import { deliverMail } from "../../../src/services/mail/deliver.js";
import { queueMail } from "../../../src/services/mail/outbox.js";
import { change } from "../../../src/services/unit-of-work.js";
import { useTestContext } from "../../support/context.js";
import { org, provision, type Org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember } from "../../support/members.js";
import { mailEnv, useMailbox } from "../../support/smtp.js";
import { orgWithOwner } from "../../support/team.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

const member = async (o: Org, userId: string) => (await call(ctx, "GET", `/v1/team/members/${userId}`, { key: o.adminKey })).body;
const listed = async (o: Org, userId: string) =>
  (await call(ctx, "GET", "/v1/team/members?limit=100", { key: o.adminKey })).body.data.find((m: { userId: string }) => m.userId === userId);

/** A recovery link's mail in `o` about `userId`, queued through the outbox as the recovery work does. */
async function mailAbout(o: Org, userId: string, to: string) {
  await change(ctx.deps, { actor: person(userId), organizationId: o.organizationId, requestId: null }, {}, (unit) =>
    queueMail(ctx.deps, unit, {
      organizationId: o.organizationId,
      kind: "recovery_link",
      about: { type: "user", id: userId },
      to,
      message: { subject: "Recover your account", text: "link", html: "<p>link</p>" },
    }),
  );
}

describe("a member's latest mail (delivery state)", () => {
  it("a pending member shows the claim link's mail, queued then sent, in the member and list answers", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o, { email: "claimant@example.com", name: "Claire" });
    const queued = await member(o, p.userId);
    expect(queued.delivery).toMatchObject({ kind: "claim_link", state: "queued", to: "claimant@example.com", reason: null });
    await ctx.settle();
    expect((await member(o, p.userId)).delivery).toMatchObject({ kind: "claim_link", state: "sent", attempts: 1, reason: null });
    expect((await listed(o, p.userId)).delivery).toMatchObject({ kind: "claim_link", state: "sent" });
  });

  it("a refused message is queued with the reason while retrying, failed with it once given up — on the People page too", async () => {
    const o = await orgWithOwner(ctx);
    box.refuseWith = "4.2.2 mailbox full";
    const p = await provision(ctx, o, { email: "full@example.com", name: "Fuller" });
    await ctx.settle();
    const retrying = (await member(o, p.userId)).delivery;
    expect(retrying).toMatchObject({ state: "queued", attempts: 1 });
    expect(retrying.reason).toContain("mailbox full");
    expect(retrying.nextAttemptAt).not.toBeNull();
    let page = await o.browser.get(`/orgs/${o.organizationId}/people`);
    expect(page.html).toMatch(/data-delivery="queued"[\s\S]*retrying after: [^<]*mailbox full/);
    for (let i = 0; i < 9; i++) {
      ctx.clock.advance(7 * 3600_000);
      await deliverMail(ctx.deps, ctx.clock.now());
    }
    box.refuseWith = null;
    const failed = (await member(o, p.userId)).delivery;
    expect(failed).toMatchObject({ kind: "claim_link", state: "failed", attempts: 10, nextAttemptAt: null });
    expect(failed.reason).toContain("mailbox full");
    page = await o.browser.get(`/orgs/${o.organizationId}/people`);
    const row = page.html.slice(page.html.indexOf(`data-user-id="${p.userId}"`));
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(/badge off">failed<\/span> to full@example.com[\s\S]*mailbox full[\s\S]*Claim link/);
  });

  it("shows the latest mail about the person in this organization only; none: null, and 'not mailed' on the page", async () => {
    const a = await orgWithOwner(ctx);
    const b = await org(ctx);
    const m = await addMember(ctx, a, { name: "Two Orgs" });
    await ctx.db.insertInto("memberships").values({ organization_id: b.organizationId, user_id: m.userId, role: "member", created_at: ctx.clock.now() }).execute();
    expect((await member(a, m.userId)).delivery).toBeNull();
    await mailAbout(b, m.userId, m.email);
    await ctx.settle();
    // Organization B's mail is B's: A never sees it (nor that B exists).
    expect((await member(a, m.userId)).delivery).toBeNull();
    expect((await member(b, m.userId)).delivery).toMatchObject({ kind: "recovery_link", state: "sent", to: m.email });
    const page = await a.browser.get(`/orgs/${a.organizationId}/people`);
    const row = page.html.slice(page.html.indexOf(`data-user-id="${m.userId}"`));
    expect(row.slice(0, row.indexOf("</tr>"))).toContain("not mailed");
    // A later mail in A is the one A shows.
    ctx.clock.advance(1000);
    await mailAbout(a, m.userId, m.email);
    expect((await member(a, m.userId)).delivery).toMatchObject({ kind: "recovery_link", state: "queued" });
    await ctx.settle();
  });
});
