import { describe, expect, it } from "vitest";
import { HandoffError } from "../../sdk/src/index.js";
import { useTestContext } from "../support/context.js";
import { org } from "../support/factories.js";
import { addMember } from "../support/members.js";
import { sdk } from "./support.js";

const ctx = useTestContext();

// The team methods of the SDK against the real app (in-process fetch).
describe("SDK team methods", () => {
  it("members: list, get, setRole, suspend, reactivate, confirm, confirmMany, confirmAll, delete", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey, maxRetries: 0 });
    const p = await admin.provisions.create({ name: "Ada" });
    const waiting = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const other = await addMember(ctx, o, { state: "awaiting_confirmation" });
    const third = await addMember(ctx, o, { state: "awaiting_confirmation" });

    expect((await admin.members.list({ state: "pending" })).data.map((m) => m.userId)).toEqual([p.userId]);
    const all = [];
    for await (const m of admin.members.list({ limit: 1 })) all.push(m.userId);
    expect(all).toHaveLength(4);
    expect((await admin.members.get(p.userId)).provisionId).toBe(p.id);
    expect((await admin.members.setRole(waiting.userId, "admin")).role).toBe("admin");
    expect((await admin.members.confirm(waiting.userId)).state).toBe("active");
    expect((await admin.members.confirmMany([other.userId])).data).toEqual([{ userId: other.userId, outcome: "confirmed" }]);
    expect((await admin.members.confirmAll()).data).toEqual([{ userId: third.userId, outcome: "confirmed" }]);

    const suspended = await admin.members.suspend(p.userId, { deauthorizeAfter: 600 });
    expect(suspended.state).toBe("suspended");
    expect((await admin.members.reactivate(p.userId)).state).toBe("pending");
    await admin.members.suspend(p.userId);
    expect(await admin.members.delete(p.userId)).toMatchObject({ userId: p.userId, projectsDeleted: [p.projectId] });

    const refused = await admin.members.delete(waiting.userId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HandoffError);
    expect(refused).toMatchObject({ status: 409, code: "member_not_suspended" });
  });

  it("groups, policy, invitations and the organization's name", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey, maxRetries: 0 });
    const m = await addMember(ctx, o);
    expect((await admin.groups.list()).map((g) => g.builtin)).toEqual(["provision_managers"]);
    const g = await admin.groups.create({ name: "Auditors", permissions: ["read_audit"] });
    expect((await admin.groups.update(g.id, { description: "Read the trail" })).description).toBe("Read the trail");
    expect((await admin.groups.addMember(g.id, m.userId)).memberCount).toBe(1);
    expect((await admin.groups.removeMember(g.id, m.userId)).memberCount).toBe(0);
    await admin.groups.delete(g.id);

    expect(await admin.policy.get()).toEqual({ confirmationRequired: false, deletePermission: "admins", autoDeleteSuspendedAfterDays: null, requireTwoStep: "none", scimNewPeople: "provision" });
    expect((await admin.policy.update({ confirmationRequired: true })).confirmationRequired).toBe(true);

    const inv = await admin.invitations.create({ email: "x@example.com" });
    expect(inv.url).toContain("/invite/");
    expect((await admin.invitations.list()).data.map((i) => i.id)).toEqual([inv.id]);
    expect((await admin.invitations.get(inv.id)).state).toBe("pending");
    expect((await admin.invitations.resend(inv.id)).url).not.toBe(inv.url);
    expect((await admin.invitations.revoke(inv.id)).state).toBe("revoked");

    expect((await admin.organization.rename("Renamed")).name).toBe("Renamed");
  });
});
