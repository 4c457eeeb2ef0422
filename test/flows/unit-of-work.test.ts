import { TEAM_SCOPES } from "../../src/domain/team-scopes.js";
import { describe, expect, it } from "vitest";
import { contextOf, systemContext, type AdminPrincipal } from "../../src/domain/actors.js";
import { DomainError } from "../../src/domain/errors.js";
import { change } from "../../src/services/unit-of-work.js";
import { newOrganization, useTestContext } from "../support/context.js";

const ctx = useTestContext();

async function adminContext(requestId: string) {
  const org = await newOrganization(ctx);
  const key = await ctx.db.selectFrom("api_keys").select("id").where("organization_id", "=", org.organizationId).executeTakeFirstOrThrow();
  const admin: AdminPrincipal = { kind: "admin", organizationId: org.organizationId, keyId: key.id, scopes: [...TEAM_SCOPES], createdBy: null, expiresAt: null };
  return contextOf(admin, requestId);
}

const eventsOf = (organizationId: string, action: string) =>
  ctx.db.selectFrom("audit_events").selectAll().where("organization_id", "=", organizationId).where("action", "=", action).execute();

describe("unit of work", () => {
  describe("happy", () => {
    it("writes the audit event from the ActorContext and runs after-commit effects once it has committed", async () => {
      const actx = await adminContext("req_uow_1");
      const seen: string[] = [];
      await change(ctx.deps, actx, {}, async (unit) => {
        await unit.audit("organization.renamed", { type: "organization", id: actx.organizationId! }, { n: 1 });
        unit.afterCommit(() => seen.push("effect"));
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual(["effect"]);
      const [event] = await eventsOf(actx.organizationId!, "organization.renamed");
      expect(event).toMatchObject({
        actor_type: "admin_key",
        actor_id: actx.actor.keyId,
        request_id: "req_uow_1",
        target_type: "organization",
        metadata: { n: 1 },
      });
      expect(event!.created_at.getTime()).toBe(ctx.clock.now().getTime());
    });

    it("a joined unit shares the transaction and its effects wait for the outermost commit", async () => {
      const actx = await adminContext("req_uow_2");
      const seen: string[] = [];
      await change(ctx.deps, actx, {}, async (outer) => {
        await change(ctx.deps, actx, { within: outer }, async (inner) => {
          expect(inner.trx).toBe(outer.trx);
          inner.afterCommit(() => seen.push("inner"));
        });
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual(["inner"]);
    });

    it("replays the stored answer for a repeated Idempotency-Key without running the work again", async () => {
      const actx = await adminContext("req_uow_3");
      let runs = 0;
      const once = () =>
        change(ctx.deps, actx, { idempotency: { key: "uow-key-0123456789", operation: "test.op", input: { a: 1 } } }, async () => {
          runs += 1;
          return { status: 201, body: { run: runs } };
        });
      expect(await once()).toEqual({ status: 201, body: { run: 1 }, replayed: false });
      expect(await once()).toEqual({ status: 201, body: { run: 1 }, replayed: true });
      expect(runs).toBe(1);
    });
  });

  describe("errors", () => {
    it("a failed change leaves no audit event and runs no effect", async () => {
      const actx = await adminContext("req_uow_4");
      const seen: string[] = [];
      await expect(
        change(ctx.deps, actx, {}, async (unit) => {
          await unit.audit("policy.updated", { type: "organization", id: actx.organizationId! });
          unit.afterCommit(() => seen.push("effect"));
          throw new DomainError("not_found");
        }),
      ).rejects.toMatchObject({ code: "not_found" });
      expect(seen).toEqual([]);
      expect(await eventsOf(actx.organizationId!, "policy.updated")).toEqual([]);
    });

    it("an audit event needs an organization: from the context or named by the change", async () => {
      const org = await newOrganization(ctx);
      const system = systemContext("test-job", ctx.clock.now());
      await expect(
        change(ctx.deps, system, {}, (unit) => unit.audit("policy.updated", { type: "organization", id: org.organizationId })),
      ).rejects.toThrow(DomainError);
      await change(ctx.deps, system, {}, (unit) =>
        unit.audit("policy.updated", { type: "organization", id: org.organizationId }, undefined, { organizationId: org.organizationId }),
      );
      expect(await eventsOf(org.organizationId, "policy.updated")).toMatchObject([{ actor_type: "system", actor_id: "test-job", request_id: null }]);
    });
  });
});
