import { describe, expect, it } from "vitest";
import { TestBrowser } from "../../support/browser.js";
import { person } from "../../support/claims.js";
import { useTestContext } from "../../support/context.js";
import { call } from "../../support/http.js";
import { auditActions } from "../../support/members.js";
import { mailEnv, useMailbox } from "../../support/smtp.js";
import { expectScimError, patchOp, scim, scimOrg, URN_GROUP, URN_USER, type ScimOrg } from "./support.js";

const box = useMailbox();
const ctx = useTestContext(mailEnv(box));
const PASSWORD = "correct horse battery";
let n = 0;
const address = () => `invitee${Date.now().toString(36)}${n++}@example.com`;

/** An organization whose policy answers new addresses with an invitation. */
async function invitingOrg(): Promise<ScimOrg> {
  const o = await scimOrg(ctx);
  const res = await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { scimNewPeople: "invitation" } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.scimNewPeople).toBe("invitation");
  return o;
}

async function invite(o: ScimOrg, userName = address()) {
  const res = await scim(ctx, o, "POST", "/Users", {
    schemas: [URN_USER],
    userName,
    externalId: `ext-${userName}`,
    name: { givenName: "Ivy", familyName: "Invitee" },
    emails: [{ value: userName, type: "work", primary: true }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The invitation mailed to `to`: its link, with the proof that the mail reached the address. */
async function mailedLink(to: string): Promise<string> {
  await ctx.settle();
  const [mail] = box.to(to);
  expect(mail, `no mail to ${to}`).toBeDefined();
  const url = new URL(box.linkIn(mail!));
  return url.pathname + url.search;
}

const membershipOf = (o: ScimOrg, userId: string) =>
  ctx.db.selectFrom("memberships").select(["state", "role"]).where("organization_id", "=", o.organizationId).where("user_id", "=", userId).executeTakeFirst();
const invitationOf = (userId: string) =>
  ctx.db.selectFrom("invitations").selectAll().where("id", "=", `inv_${userId.slice(4)}`).executeTakeFirst();

describe("SCIM POST /Users when the organization chose invitations", () => {
  describe("happy", () => {
    it("mails an invitation through the outbox (no provision, project or key) and shows the invitee as an active, pending User", async () => {
      const o = await invitingOrg();
      const user = await invite(o);
      expect(user).toMatchObject({ userName: user.userName, active: true, name: { givenName: "Ivy" }, meta: { resourceType: "User" } });
      expect(await membershipOf(o, user.id)).toEqual({ state: "pending", role: "member" });
      const inv = await invitationOf(user.id);
      expect(inv).toMatchObject({ organization_id: o.organizationId, email: user.userName, role: "member", accepted_at: null, revoked_at: null });
      expect(await ctx.db.selectFrom("provisions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
      expect(await ctx.db.selectFrom("projects").select("id").where("owner_user_id", "=", user.id).execute()).toEqual([]);
      const link = await mailedLink(user.userName);
      expect(link).toMatch(/^\/invite\/[\w-]+\?proof=/);
      // The identity provider reads and matches the invitee like anyone else.
      expect((await scim(ctx, o, "GET", `/Users/${user.id}`)).body).toEqual(user);
      const found = await scim(ctx, o, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${user.userName.toUpperCase()}"`)}`);
      expect(found.body.totalResults).toBe(1);
      expect(found.body.Resources[0].id).toBe(user.id);
      const actions = (await auditActions(ctx, o, user.id)).map((e) => e.action);
      expect(actions).toContain("scim.user_linked");
      const linked = (await auditActions(ctx, o, user.id)).find((e) => e.action === "scim.user_linked")!;
      expect(linked.metadata).toMatchObject({ how: "invited" });
      expect((await auditActions(ctx, o, inv!.id)).map((e) => e.action)).toEqual(["invitation.created"]);
    });

    it("a new account made through the mailed link becomes the invitee: same id, profile and groups kept, active member", async () => {
      const o = await invitingOrg();
      const user = await invite(o);
      const group = await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: `Team ${n}`, members: [{ value: user.id }] });
      expect(group.status).toBe(201);
      const link = await mailedLink(user.userName);
      const b = new TestBrowser(ctx);
      expect((await b.get(link)).status).toBe(200);
      const done = await b.post(link, { name: "Ivy Invitee", email: user.userName, password: PASSWORD });
      expect(done.location, done.html.slice(0, 300)).toBe("/account?joined=1");
      const account = await ctx.db.selectFrom("users").select(["id", "status"]).where("email", "=", user.userName).executeTakeFirstOrThrow();
      expect(account).toEqual({ id: user.id, status: "active" });
      expect((await membershipOf(o, user.id))?.state).toBe("active");
      const got = await scim(ctx, o, "GET", `/Users/${user.id}`);
      expect(got.body).toMatchObject({ id: user.id, userName: user.userName, externalId: user.externalId, active: true });
      expect(got.body.groups.map((g: { value: string }) => g.value)).toEqual([group.body.id]);
      expect((await invitationOf(user.id))?.accepted_by_user_id).toBe(user.id);
    });

    it("an account made meanwhile accepts while logged in: it takes the invitee's profile and groups, the placeholder goes", async () => {
      const o = await invitingOrg();
      const who = await person(ctx, "Later");
      const user = await invite(o, who.email.replace("@", "+scim@"));
      // The invitation is bound to its address: the person has an account with that address.
      await ctx.db.updateTable("users").set({ email: user.userName }).where("id", "=", who.userId).execute();
      const group = await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: `Crew ${n}`, members: [{ value: user.id }] });
      const link = await mailedLink(user.userName);
      await who.browser.get(link);
      const done = await who.browser.post(link);
      expect(done.location, done.html.slice(0, 300)).toBe("/account?joined=1");
      expect(await membershipOf(o, user.id)).toBeUndefined();
      expect(await ctx.db.selectFrom("users").select("id").where("id", "=", user.id).executeTakeFirst()).toBeUndefined();
      const found = await scim(ctx, o, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`);
      expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([who.userId]);
      expect(found.body.Resources[0]).toMatchObject({ externalId: user.externalId, name: { givenName: "Ivy" } });
      expect(found.body.Resources[0].groups.map((g: { value: string }) => g.value)).toEqual([group.body.id]);
      expectScimError(await scim(ctx, o, "GET", `/Users/${user.id}`), 404);
    });

    it("active:false suspends the invitee (the link then refuses them), active:true restores the invitation", async () => {
      const o = await invitingOrg();
      const user = await invite(o);
      const link = await mailedLink(user.userName);
      const off = await scim(ctx, o, "PATCH", `/Users/${user.id}`, patchOp({ op: "replace", value: { active: false } }));
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await membershipOf(o, user.id))?.state).toBe("suspended");
      const b = new TestBrowser(ctx);
      await b.get(link);
      const refused = await b.post(link, { name: "Ivy", email: user.userName, password: PASSWORD });
      expect(refused.status).toBe(410);
      expect(await ctx.db.selectFrom("users").select("status").where("id", "=", user.id).executeTakeFirst()).toEqual({ status: "placeholder" });
      const on = await scim(ctx, o, "PATCH", `/Users/${user.id}`, patchOp({ op: "replace", path: "active", value: "True" }));
      expect(on.body.active).toBe(true);
      expect((await membershipOf(o, user.id))?.state).toBe("pending");
      const b2 = new TestBrowser(ctx);
      await b2.get(link);
      expect((await b2.post(link, { name: "Ivy", email: user.userName, password: PASSWORD })).location).toBe("/account?joined=1");
    });

    it("PUT and PATCH change the invitee's profile; DELETE revokes the invitation and removes the placeholder", async () => {
      const o = await invitingOrg();
      const user = await invite(o);
      const link = await mailedLink(user.userName);
      const put = await scim(ctx, o, "PUT", `/Users/${user.id}`, { schemas: [URN_USER], userName: user.userName, displayName: "Ivy I." });
      expect(put.status).toBe(200);
      expect(put.body.displayName).toBe("Ivy I.");
      expect(put.body.externalId).toBeUndefined();
      const del = await scim(ctx, o, "DELETE", `/Users/${user.id}`);
      expect(del.status).toBe(204);
      expectScimError(await scim(ctx, o, "GET", `/Users/${user.id}`), 404);
      expect((await invitationOf(user.id))?.revoked_at).not.toBeNull();
      expect(await ctx.db.selectFrom("users").select("id").where("id", "=", user.id).executeTakeFirst()).toBeUndefined();
      const inv = await invitationOf(user.id);
      expect((await auditActions(ctx, o, inv!.id)).map((e) => e.action).sort()).toEqual(["invitation.created", "invitation.revoked"]);
      const b = new TestBrowser(ctx);
      expect((await b.get(link)).status).toBe(410);
      // The address is free again: the identity provider may create the person anew.
      expect((await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: user.userName })).status).toBe(201);
    });
  });

  describe("errors", () => {
    it("a taken userName is still 409 uniqueness, invitee or not", async () => {
      const o = await invitingOrg();
      const user = await invite(o);
      expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: user.userName.toUpperCase() }), 409, "uniqueness");
    });

    it("the default stays a provision", async () => {
      const o = await scimOrg(ctx);
      const res = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: address() });
      expect(res.status).toBe(201);
      expect(await ctx.db.selectFrom("provisions").select("status").where("user_id", "=", res.body.id).executeTakeFirst()).toEqual({ status: "pending" });
      expect(await invitationOf(res.body.id)).toBeUndefined();
    });
  });

  describe("security", () => {
    it("one organization's choice never applies to another's", async () => {
      await invitingOrg();
      const other = await scimOrg(ctx);
      const res = await scim(ctx, other, "POST", "/Users", { schemas: [URN_USER], userName: address() });
      expect(await invitationOf(res.body.id)).toBeUndefined();
    });

    it("another organization's token cannot read, change or delete an invitee (404)", async () => {
      const o = await invitingOrg();
      const user = await invite(o);
      const other = await scimOrg(ctx);
      expectScimError(await scim(ctx, other, "GET", `/Users/${user.id}`), 404);
      expectScimError(await scim(ctx, other, "DELETE", `/Users/${user.id}`), 404);
      expect((await invitationOf(user.id))?.revoked_at).toBeNull();
    });
  });
});
