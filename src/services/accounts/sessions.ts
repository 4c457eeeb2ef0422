import type { ActorContext } from "../../domain/actors.js";
import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import { hashPassword, needsRehash } from "../../domain/password.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { challengeFor } from "./two-step.js";
import { change, type ChangeOptions } from "../unit-of-work.js";
import { authenticate, createAccount, type NewAccount } from "./accounts.js";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./login-throttle.js";

export type SessionUser = {
  id: string;
  name: string | null;
  email: string;
  sessionId: string;
  /** The first organization this person may manage (owner or admin), for the "Team" entry; null if none. */
  teamOrganizationId: string | null;
};

export type NewSession = { token: string; expiresAt: Date };

/** A new session: the random token goes to the cookie, only its hash to the database. */
async function insertSession(deps: AppDeps, db: Executor, userId: string, now: Date): Promise<NewSession> {
  const token = toBase64Url(randomBytes(32));
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000);
  await db
    .insertInto("sessions")
    .values({ id: crypto.randomUUID(), user_id: userId, token_hash: await sha256Hex(token), created_at: now, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The active user behind a session token, or null (unknown, expired, or the user is not active). */
export async function findSessionUser(deps: AppDeps, token: string): Promise<SessionUser | null> {
  const row = await deps.db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id as session_id", "u.id", "u.name", "u.email"])
    .where("s.token_hash", "=", await sha256Hex(token))
    .where("s.expires_at", ">", deps.clock.now())
    .where("u.status", "=", "active")
    .executeTakeFirst();
  if (!row || !row.email) return null;
  const team = await deps.db
    .selectFrom("memberships")
    .select("organization_id")
    .where("user_id", "=", row.id)
    .where("role", "in", ["owner", "admin"])
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  return { id: row.id, name: row.name, email: row.email, sessionId: row.session_id, teamOrganizationId: team?.organization_id ?? null };
}

async function deleteSessionByToken(db: Executor, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", await sha256Hex(token)).execute();
}

/** A session for a person who has just proved who they are (signed up on a link page, for one). */
export function startSession(deps: AppDeps, ctx: ActorContext, userId: string, opts: ChangeOptions = {}): Promise<NewSession> {
  return change(deps, ctx, opts, ({ trx, now }) => insertSession(deps, trx, userId, now));
}

/** Ends the session behind a token (logging out); an unknown token is a no-op. */
export function endSession(deps: AppDeps, ctx: ActorContext, token: string): Promise<void> {
  return change(deps, ctx, {}, ({ trx }) => deleteSessionByToken(trx, token));
}

/**
 * Email + password → a fresh session. Rotation: whatever session the browser had (`previousToken`)
 * ends; a password hashed with fewer iterations than configured is upgraded on the way. A person
 * enrolled in two-step login gets a challenge instead (see two-step.ts) and the session after the code.
 */
export async function logIn(
  deps: AppDeps,
  ctx: ActorContext,
  input: { email: string; password: string; previousToken: string | undefined; address: string },
): Promise<NewSession | { challenge: string }> {
  await assertLoginAllowed(deps, input.email, input.address);
  const user = await authenticate(deps, input.email, input.password).catch(async (err: unknown) => {
    if (err instanceof DomainError && err.code === "invalid_credentials") await recordLoginFailure(deps, input.email, input.address);
    throw err;
  });
  await recordLoginSuccess(deps, input.email, input.address);
  // Enrolled in two-step login: no session yet, a short-lived challenge that carries them to the code.
  const challenge = await challengeFor(deps, user.id);
  if (challenge) return { challenge };
  const upgraded = needsRehash(user.password_hash!, deps.config.passwordIterations)
    ? await hashPassword(input.password, deps.config.passwordIterations)
    : null;
  return change(deps, ctx, {}, async ({ trx, now }) => {
    if (upgraded) await trx.updateTable("users").set({ password_hash: upgraded, updated_at: now }).where("id", "=", user.id).execute();
    if (input.previousToken) await deleteSessionByToken(trx, input.previousToken);
    return insertSession(deps, trx, user.id, now);
  });
}

/** A new active account (not through a claim) and its first session; `address` becomes the person's own. */
export async function signUp(deps: AppDeps, ctx: ActorContext, account: NewAccount, address: string): Promise<NewSession> {
  const session = await change(deps, ctx, {}, async (unit) => {
    const user = await createAccount(deps, unit, account);
    return insertSession(deps, unit.trx, user.id, unit.now);
  });
  await recordLoginSuccess(deps, account.email, address);
  return session;
}

/** The session after the second step, replacing whatever session the browser had. */
export function finishTwoStepLogin(deps: AppDeps, ctx: ActorContext, userId: string, previousToken: string | undefined): Promise<NewSession> {
  return change(deps, ctx, {}, async ({ trx, now }) => {
    if (previousToken) await deleteSessionByToken(trx, previousToken);
    return insertSession(deps, trx, userId, now);
  });
}
