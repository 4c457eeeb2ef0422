import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();
const setRole = (key: string | undefined, userId: string, role: unknown, headers?: Record<string, string>) =>
  call(ctx, "PATCH", `/v1/team/members/${userId}`, { key, body: { role }, ...(headers ? { headers } : {}) });

describe("PATCH /v1/team/members/{userId}", () => {
  describe("happy", () => {
    it("raises a member to admin, marked as a raise of privilege in the audit trail", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      const res = await setRole(o.adminKey, m.userId, "admin");
      expect(res.status).toBe(200);
      expect(res.body.role).toBe("admin");
      const events = await auditActions(ctx, o, m.userId);
      const event = events.find((e) => e.action === "member.role_changed");
      expect(event).toMatchObject({ metadata: { from: "member", to: "admin", privilegeRaise: true } });
      // The raise is followed by its alert, naming the cause and what was gained.
      expect(events.find((e) => e.action === "alert.access_changed")).toMatchObject({
        metadata: { cause: "member.role_changed", userId: m.userId, gained: { role: "admin" }, selfGranted: false },
      });
    });

    it("a demotion is audited without the mark; the same role again changes nothing", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o, { role: "admin" });
      await setRole(o.adminKey, m.userId, "member");
      await setRole(o.adminKey, m.userId, "member");
      const events = await auditActions(ctx, o, m.userId);
      expect(events).toHaveLength(1);
      expect(events[0]!.metadata).toEqual({ from: "admin", to: "member" });
    });

    it("an owner makes another owner, and may then step down", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const m = await addMember(ctx, o, { role: "admin" });
      expect((await setRole(undefined, m.userId, "owner", asMember(owner))).body.role).toBe("owner");
      expect((await setRole(undefined, owner.userId, "admin", asMember(owner))).body.role).toBe("admin");
    });
  });

  describe("errors", () => {
    it("refuses an unknown role or extra fields (400)", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, o);
      expect((await setRole(o.adminKey, m.userId, "king")).status).toBe(400);
      expect((await call(ctx, "PATCH", `/v1/team/members/${m.userId}`, { key: o.adminKey, body: { role: "admin", state: "active" } })).status).toBe(400);
    });

    it("the last active owner is never demoted (409 last_owner)", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await setRole(undefined, owner.userId, "admin", asMember(owner));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("last_owner");
    });

    it("an admin neither makes owners nor touches them (403 owner_required)", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const admin = await addMember(ctx, o, { role: "admin" });
      expect((await setRole(undefined, admin.userId, "owner", asMember(admin))).body.code).toBe("owner_required");
      expect((await setRole(undefined, owner.userId, "member", asMember(admin))).body.code).toBe("owner_required");
    });

    it("answers 404 for an unknown member", async () => {
      const o = await org(ctx);
      expect((await setRole(o.adminKey, "usr_nobody", "admin")).status).toBe(404);
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "PATCH", path: "/v1/team/members/usr_x", body: { role: "admin" } });
    itGuardsTeamSessions(ctx, "manage_roles", async (o) => ({ method: "PATCH", path: `/v1/team/members/${(await addMember(ctx, o)).userId}`, body: { role: "admin" } }));

    it("another organization's member answers 404", async () => {
      const o = await org(ctx);
      const m = await addMember(ctx, await org(ctx));
      expect((await setRole(o.adminKey, m.userId, "admin")).status).toBe(404);
    });
  });
});
