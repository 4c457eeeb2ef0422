import type { Role } from "../../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import { twoStepRequiredFor } from "../../domain/two-step-policy.js";
import type { AppDeps } from "../../deps.js";

/**
 * The policy `requireTwoStep` applied to a person opening one of the organization's pages: one read of
 * the policy and of whether their two-step login is on. A person it covers who has not turned it on is
 * refused with 403 `two_step_required`, whose page sends them to enrol (src/web/render.tsx). Pages only:
 * API keys are not people, and a person's own session on the API is the dashboard's, already gated.
 */
export async function enforceTwoStepPolicy(deps: AppDeps, organizationId: string, userId: string, role: Role): Promise<void> {
  const row = await deps.db
    .selectFrom("organizations as o")
    .leftJoin("two_step as t", (j) => j.on("t.user_id", "=", userId).on("t.enabled_at", "is not", null))
    .select(["o.name", "o.require_two_step", "t.user_id as enrolled"])
    .where("o.id", "=", organizationId)
    .executeTakeFirst();
  if (!row || row.enrolled || !twoStepRequiredFor(row.require_two_step, role)) return;
  throw new DomainError("two_step_required", `${row.name} requires two-step login${row.require_two_step === "admins" ? " for its owners and admins" : ""}. Turn it on to continue.`);
}
