// An alert on an access change is mailed to every active owner (real SMTP server), in the change's
// transaction: a refused change mails nobody.
import { describe, expect, it } from "vitest";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { call } from "../support/http.js";
import { addMember } from "../support/members.js";
import { mailEnv, useMailbox } from "../support/smtp.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));

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
      expect(mail!.text).toContain(`Member ${m.userId} was made admin`);
      expect(box.linkIn(mail!)).toBe(`http://handoff.test/orgs/${o.organizationId}/activity?action=alert.access_changed`);
    }
    expect(box.to(suspendedOwner.email)).toEqual([]);
    expect(box.to(admin.email)).toEqual([]);
    await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "member" } });
    await ctx.settle();
    expect(box.to(owner1.email)).toHaveLength(1);
  });
});
