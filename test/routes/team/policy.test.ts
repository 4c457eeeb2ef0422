import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, auditActions, itGuardsTeamSessions } from "../../support/members.js";
import { itRefusesBadCredentials } from "../../support/security.js";

const ctx = useTestContext();

describe("/v1/team/policy", () => {
  describe("happy", () => {
    it("starts with the defaults", async () => {
      const o = await org(ctx);
      const res = await call(ctx, "GET", "/v1/team/policy", { key: o.adminKey });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ confirmationRequired: false, deletePermission: "admins", autoDeleteSuspendedAfterDays: null, requireTwoStep: "none", scimNewPeople: "provision" });
    });

    it("an owner changes it; the audit records what changed, and handing delete back to admins is a raise", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const patch = (body: unknown) => call(ctx, "PATCH", "/v1/team/policy", { headers: asMember(owner), body });
      expect((await patch({ confirmationRequired: true, deletePermission: "owners", autoDeleteSuspendedAfterDays: 30 })).body).toEqual({
        confirmationRequired: true,
        deletePermission: "owners",
        autoDeleteSuspendedAfterDays: 30,
        requireTwoStep: "none",
        scimNewPeople: "provision",
      });
      ctx.clock.advance(1);
      expect((await patch({ deletePermission: "admins", autoDeleteSuspendedAfterDays: null })).body.autoDeleteSuspendedAfterDays).toBeNull();
      const events = await auditActions(ctx, o, o.organizationId);
      const updates = events.filter((e) => e.action === "policy.updated");
      expect(updates).toHaveLength(2);
      expect(updates[0]!.metadata).toMatchObject({ changes: { confirmationRequired: { from: false, to: true } } });
      expect(updates[1]!.metadata).toMatchObject({ privilegeRaise: true });
    });

    it("an owner chooses invitations for people SCIM creates; the audit records it", async () => {
      const o = await org(ctx);
      const owner = await addMember(ctx, o, { role: "owner" });
      const res = await call(ctx, "PATCH", "/v1/team/policy", { headers: asMember(owner), body: { scimNewPeople: "invitation" } });
      expect(res.status).toBe(200);
      expect(res.body.scimNewPeople).toBe("invitation");
      expect((await call(ctx, "GET", "/v1/team/policy", { key: o.adminKey })).body.scimNewPeople).toBe("invitation");
      const update = (await auditActions(ctx, o, o.organizationId)).find((e) => e.action === "policy.updated")!;
      expect(update.metadata).toEqual({ changes: { scimNewPeople: { from: "provision", to: "invitation" } } });
    });

    it("requireTwoStep: raising it is recorded; asking fewer people is a weakening, marked as a raise of privilege", async () => {
      const o = await org(ctx);
      const patch = (requireTwoStep: string) => call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body: { requireTwoStep } });
      expect((await patch("everyone")).body.requireTwoStep).toBe("everyone");
      expect((await call(ctx, "GET", "/v1/team/policy", { key: o.adminKey })).body.requireTwoStep).toBe("everyone");
      ctx.clock.advance(1);
      expect((await patch("admins")).body.requireTwoStep).toBe("admins");
      ctx.clock.advance(1);
      await patch("admins"); // no change, no event
      const updates = (await auditActions(ctx, o, o.organizationId)).filter((e) => e.action === "policy.updated");
      expect(updates.map((e) => e.metadata)).toEqual([
        { changes: { requireTwoStep: { from: "none", to: "everyone" } } },
        { changes: { requireTwoStep: { from: "everyone", to: "admins" } }, privilegeRaise: true },
      ]);
    });
  });

  describe("errors", () => {
    it("refuses out-of-range or unknown settings (400 naming the field)", async () => {
      const o = await org(ctx);
      for (const [body, path] of [
        [{ autoDeleteSuspendedAfterDays: 0 }, "autoDeleteSuspendedAfterDays"],
        [{ autoDeleteSuspendedAfterDays: 181 }, "autoDeleteSuspendedAfterDays"],
        [{ deletePermission: "members" }, "deletePermission"],
        [{ confirmationRequired: "yes" }, "confirmationRequired"],
        [{ scimNewPeople: "nothing" }, "scimNewPeople"],
        [{ requireTwoStep: "owners" }, "requireTwoStep"],
        [{ requireTwoStep: null }, "requireTwoStep"],
        [{ requireEverything: true }, "requireEverything"],
      ] as const) {
        const res = await call(ctx, "PATCH", "/v1/team/policy", { key: o.adminKey, body });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].path).toBe(path);
      }
    });

    it("an admin holds manage_roles but the policy is the owners' (403 owner_required)", async () => {
      const o = await org(ctx);
      const admin = await addMember(ctx, o, { role: "admin" });
      const res = await call(ctx, "PATCH", "/v1/team/policy", { headers: asMember(admin), body: { deletePermission: "admins" } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("owner_required");
    });
  });

  describe("security", () => {
    itRefusesBadCredentials(ctx, "admin", { method: "GET", path: "/v1/team/policy" });
    itRefusesBadCredentials(ctx, "admin", { method: "PATCH", path: "/v1/team/policy", body: { confirmationRequired: true } });
    itGuardsTeamSessions(ctx, "any", () => ({ method: "GET", path: "/v1/team/policy" }));
    itGuardsTeamSessions(ctx, "manage_roles", () => ({ method: "PATCH", path: "/v1/team/policy", body: { confirmationRequired: true } }));

    it("one organization's policy never changes another's", async () => {
      const a = await org(ctx);
      const b = await org(ctx);
      await call(ctx, "PATCH", "/v1/team/policy", { key: a.adminKey, body: { confirmationRequired: true } });
      expect((await call(ctx, "GET", "/v1/team/policy", { key: b.adminKey })).body.confirmationRequired).toBe(false);
    });
  });
});
