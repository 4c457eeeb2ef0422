import { describe, expect, it } from "vitest";
import { acceptInvitation } from "../../../src/services/invitations/invitations.js";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, auditActions, itGuardsTeamSessions, visitor } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();
const invite = (key: string, body: unknown = {}) => call(ctx, "POST", "/v1/team/invitations", { key, body });
const tokenOf = (url: string) => url.split("/invite/")[1]!;

describe("/v1/team/invitations", () => {
  describe("happy", () => {
    it("creates an invitation with a link shown once, lists and gets it without the link", async () => {
      const o = await org(ctx);
      const res = await invite(o.adminKey, { role: "admin", email: "Zed@Example.com", expiresIn: 3600 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ role: "admin", email: "zed@example.com", state: "pending", resendCount: 0 });
      expect(res.body.url).toMatch(/^http:\/\/handoff\.test\/invite\//);
      const one = await call(ctx, "GET", `/v1/team/invitations/${res.body.id}`, { key: o.adminKey });
      expect(one.body).not.toHaveProperty("url");
      expect(one.body.id).toBe(res.body.id);
      const list = await call(ctx, "GET", "/v1/team/invitations?state=pending", { key: o.adminKey });
      expect(list.body.data.map((i: any) => i.id)).toEqual([res.body.id]);
    });

    it("honours an Idempotency-Key: a retry gets the same invitation and link, another body a 422", async () => {
      const o = await org(ctx);
      const send = (body: unknown) => call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body, headers: { "idempotency-key": "inv-retry-1" } });
      const first = await send({ email: "once@example.com" });
      const again = await send({ email: "once@example.com" });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      expect((await call(ctx, "GET", "/v1/team/invitations", { key: o.adminKey })).body.data).toHaveLength(1);
      expect((await send({ email: "other@example.com" })).status).toBe(422);
    });

    it("revoke: the link stops working at once; revoking again changes nothing", async () => {
      const o = await org(ctx);
      const inv = await invite(o.adminKey);
      const res = await call(ctx, "DELETE", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey });
      expect(res.body.state).toBe("revoked");
      expect((await call(ctx, "DELETE", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey })).status).toBe(200);
      const m = await addMember(ctx, await org(ctx));
      await expect(acceptInvitation(ctx.deps, visitor, tokenOf(inv.body.url), { kind: "existing", userId: m.userId, email: m.email })).rejects.toMatchObject({
        code: "invitation_revoked",
      });
      expect((await auditActions(ctx, o, inv.body.id)).map((e) => e.action).sort()).toEqual(["invitation.created", "invitation.revoked"]);
    });

    it("resend: a new link with a fresh lifetime; the old one stops working", async () => {
      const o = await org(ctx);
      const inv = await invite(o.adminKey, { expiresIn: 3600 });
      ctx.clock.advance(7200_000);
      expect((await call(ctx, "GET", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey })).body.state).toBe("expired");
      const res = await call(ctx, "POST", `/v1/team/invitations/${inv.body.id}/resend`, { key: o.adminKey });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: "pending", resendCount: 1, expiresAt: new Date(ctx.clock.now().getTime() + 3600_000).toISOString() });
      expect(res.body.url).not.toBe(inv.body.url);
      const m = await addMember(ctx, await org(ctx));
      await expect(acceptInvitation(ctx.deps, visitor, tokenOf(inv.body.url), { kind: "existing", userId: m.userId, email: m.email })).rejects.toMatchObject({
        code: "invitation_invalid",
      });
      const accepted = await acceptInvitation(ctx.deps, visitor, tokenOf(res.body.url), { kind: "existing", userId: m.userId, email: m.email });
      expect(accepted.organizationId).toBe(o.organizationId);
      expect((await call(ctx, "GET", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey })).body).toMatchObject({ state: "accepted", acceptedByUserId: m.userId });
    });

    it("accepting under confirmationRequired leaves the person awaiting confirmation", async () => {
      const o = await org(ctx);
      await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { confirmationRequired: true } });
      const inv = await invite(o.adminKey);
      const m = await addMember(ctx, await org(ctx));
      await acceptInvitation(ctx.deps, visitor, tokenOf(inv.body.url), { kind: "existing", userId: m.userId, email: m.email });
      expect((await call(ctx, "GET", `/v1/team/members/${m.userId}`, { key: o.adminKey })).body.state).toBe("awaiting_confirmation");
    });

    it("joining as an admin through an invitation is marked a raise of privilege; as a member it is not", async () => {
      const o = await org(ctx);
      const asAdmin = await invite(o.adminKey, { role: "admin" });
      const asMember = await invite(o.adminKey, { role: "member" });
      const a = await addMember(ctx, await org(ctx));
      const b = await addMember(ctx, await org(ctx));
      await acceptInvitation(ctx.deps, visitor, tokenOf(asAdmin.body.url), { kind: "existing", userId: a.userId, email: a.email });
      await acceptInvitation(ctx.deps, visitor, tokenOf(asMember.body.url), { kind: "existing", userId: b.userId, email: b.email });
      const accepted = async (id: string) => (await auditActions(ctx, o, id)).find((e) => e.action === "invitation.accepted")!.metadata as Record<string, unknown>;
      expect(await accepted(asAdmin.body.id)).toMatchObject({ role: "admin", privilegeRaise: true });
      expect(await accepted(asMember.body.id)).not.toHaveProperty("privilegeRaise");
    });
  });

  describe("errors", () => {
    it("an accepted invitation can be neither revoked nor resent (409); a revoked one is not resent (410)", async () => {
      const o = await org(ctx);
      const inv = await invite(o.adminKey);
      const m = await addMember(ctx, await org(ctx));
      await acceptInvitation(ctx.deps, visitor, tokenOf(inv.body.url), { kind: "existing", userId: m.userId, email: m.email });
      expect((await call(ctx, "DELETE", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey })).body.code).toBe("invitation_used");
      expect((await call(ctx, "POST", `/v1/team/invitations/${inv.body.id}/resend`, { key: o.adminKey })).body.code).toBe("invitation_used");
      const other = await invite(o.adminKey);
      await call(ctx, "DELETE", `/v1/team/invitations/${other.body.id}`, { key: o.adminKey });
      const res = await call(ctx, "POST", `/v1/team/invitations/${other.body.id}/resend`, { key: o.adminKey });
      expect(res.status).toBe(410);
      expect(res.body.code).toBe("invitation_revoked");
    });

    it("a suspended member cannot rejoin through an invitation", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o, { state: "suspended" });
      const inv = await invite(o.adminKey, { role: "admin" });
      await expect(acceptInvitation(ctx.deps, visitor, tokenOf(inv.body.url), { kind: "existing", userId: m.userId, email: m.email })).rejects.toMatchObject({
        code: "member_suspended",
      });
    });

    it("refuses bad input (400) and unknown ids (404)", async () => {
      const o = await org(ctx);
      for (const body of [{ role: "owner" }, { email: "nope" }, { expiresIn: 10 }, { extra: 1 }]) expect((await invite(o.adminKey, body)).status).toBe(400);
      expect((await call(ctx, "GET", "/v1/team/invitations?state=lost", { key: o.adminKey })).status).toBe(400);
      for (const [method, suffix] of [["GET", ""], ["DELETE", ""], ["POST", "/resend"]] as const) {
        expect((await call(ctx, method, `/v1/team/invitations/inv_nope${suffix}`, { key: o.adminKey })).status).toBe(404);
      }
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/invitations", body: {} });
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/invitations" });
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/invitations/inv_x" });
    itRefusesBadCredentials(ctx, "admin", { method: "DELETE", path: "/v1/team/invitations/inv_x" });
    itRefusesBadCredentials(ctx, "admin", { method: "POST", path: "/v1/team/invitations/inv_x/resend" });
    const withInvitation = async (o: { adminKey: string }) => (await invite(o.adminKey)).body.id as string;
    itGuardsTeamSessions(ctx, "provision", () => ({ method: "POST", path: "/v1/team/invitations", body: {} }));
    itGuardsTeamSessions(ctx, "provision", () => ({ method: "GET", path: "/v1/team/invitations" }));
    itGuardsTeamSessions(ctx, "provision", async (o) => ({ method: "GET", path: `/v1/team/invitations/${await withInvitation(o)}` }));
    itGuardsTeamSessions(ctx, "provision", async (o) => ({ method: "DELETE", path: `/v1/team/invitations/${await withInvitation(o)}` }));
    itGuardsTeamSessions(ctx, "provision", async (o) => ({ method: "POST", path: `/v1/team/invitations/${await withInvitation(o)}/resend` }));

    it("another organization's invitation answers 404 and is left alone", async () => {
      const o = await org(ctx);
      const other = await org(ctx);
      const inv = await invite(other.adminKey);
      expect((await call(ctx, "DELETE", `/v1/team/invitations/${inv.body.id}`, { key: o.adminKey })).status).toBe(404);
      expect((await call(ctx, "GET", `/v1/team/invitations/${inv.body.id}`, { key: other.adminKey })).body.state).toBe("pending");
    });

    it("the link is never stored: only its hash", async () => {
      const o = await org(ctx);
      const inv = await invite(o.adminKey);
      const row = await ctx.db.selectFrom("invitations").selectAll().where("id", "=", inv.body.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(tokenOf(inv.body.url));
    });
  });
});
