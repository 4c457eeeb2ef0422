import { claimProvision } from "../../src/services/claims/claim.js";
import { logIn } from "../../src/services/accounts/sessions.js";
import { tokenOf } from "./claims.js";
import type { TestContext } from "./context.js";
import { provision, type Org } from "./factories.js";
import { call } from "./http.js";
import { visitor } from "./members.js";

let counter = 0;

/**
 * A real person of `o`: provisioned (a project, an agent, a working key), then claimed with a new
 * account and a password — what account recovery acts on.
 */
export async function claimedPerson(ctx: TestContext, o: Org, password = "old password 0001") {
  const p = await provision(ctx, o, { name: "Rae" });
  const email = `rae${Date.now().toString(36)}${counter++}@example.com`;
  await claimProvision(ctx.deps, visitor, tokenOf(p.claimUrl), { kind: "new", name: "Rae", email, password });
  return { ...p, email, password };
}

/** The password login, as the login form does it (a session, a two-step challenge, or a refusal). */
export const passwordLogin = (ctx: TestContext, email: string, password: string) =>
  logIn(ctx.deps, visitor, { email, password, previousToken: undefined, address: "192.0.2.77" });

/** The login's refusal code, or "ok". */
export async function loginOutcome(ctx: TestContext, email: string, password: string): Promise<string> {
  try {
    await passwordLogin(ctx, email, password);
    return "ok";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

export const beginRecoveryCall = (ctx: TestContext, auth: { key?: string; headers?: Record<string, string> }, userIds: unknown) =>
  call(ctx, "POST", "/v1/team/recovery", { ...auth, body: { userIds } });

export const recoveryAction = (ctx: TestContext, auth: { key?: string; headers?: Record<string, string> }, userId: string, action: "complete" | "cancel") =>
  call(ctx, "POST", `/v1/team/members/${userId}/recovery/${action}`, auth);

export const recoveryTokenOf = (url: string) => url.split("/recover/")[1]!;
