import type { RequireTwoStep, Role } from "../../db/schema.js";

/**
 * The policy `requireTwoStep`: whom an organization asks to have two-step login on before they use its
 * team pages. `admins` covers owners and admins (the role, most permissive wins); `everyone` every
 * member. Pure; the guard that applies it is src/services/team/two-step-gate.ts.
 */
export const REQUIRE_TWO_STEP = ["none", "admins", "everyone"] as const satisfies readonly RequireTwoStep[];

const strictness: Record<RequireTwoStep, number> = { none: 0, admins: 1, everyone: 2 };

export function twoStepRequiredFor(policy: RequireTwoStep, role: Role): boolean {
  if (policy === "everyone") return true;
  return policy === "admins" && (role === "owner" || role === "admin");
}

/** Asking fewer people for two-step login weakens the policy (its event is marked a raise of privilege). */
export function weakensTwoStep(before: RequireTwoStep, after: RequireTwoStep): boolean {
  return strictness[after] < strictness[before];
}
