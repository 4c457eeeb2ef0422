import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { auditActions } from "../../support/members.js";
import { patchOp, scim, scimOrg, URN_USER } from "./support.js";

const ctx = useTestContext();

describe("SCIM under concurrency: one consistent outcome", () => {
  it("50 concurrent PATCH active:false on one user: all answer 200 inactive, one suspension, one audit event", async () => {
    const o = await scimOrg(ctx);
    const created = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: `race-${Date.now()}@example.com` });
    const id = created.body.id;
    const shapes = [
      patchOp({ op: "replace", value: { active: false } }),
      patchOp({ op: "Replace", path: "active", value: "False" }),
      patchOp({ op: "replace", path: "active", value: false }),
    ];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => scim(ctx, o, "PATCH", `/Users/${id}`, shapes[i % shapes.length])));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.every((a) => a.body.active === false)).toBe(true);
    const m = await ctx.db.selectFrom("memberships").select(["state", "suspended_from"]).where("organization_id", "=", o.organizationId).where("user_id", "=", id).executeTakeFirstOrThrow();
    expect(m).toEqual({ state: "suspended", suspended_from: "pending" });
    expect((await auditActions(ctx, o, id)).filter((e) => e.action === "member.suspended")).toHaveLength(1);
  });

  it("20 concurrent POSTs of one userName: one 201, the rest 409 uniqueness, one member", async () => {
    const o = await scimOrg(ctx);
    const userName = `dup-${Date.now()}@example.com`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && a.body.scimType === "uniqueness")).toHaveLength(19);
    const rows = await ctx.db.selectFrom("scim_users").select("user_id").where("organization_id", "=", o.organizationId).execute();
    expect(rows).toHaveLength(1);
  });
});
