import type { User } from "../../../db/schema.js";
import { normalizeEmail } from "../../domain/claim-rules.js";
import { newId } from "../../domain/ids.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../../domain/password.js";
import type { AppDeps } from "../../deps.js";
import { DomainError } from "../../domain/errors.js";
import { loginRefusalInRecovery } from "../../domain/recovery-rules.js";
import type { Executor } from "../db-types.js";
import { isUniqueViolation } from "../unique-violation.js";
import type { Unit } from "../unit-of-work.js";
import { welcomeNewAccount } from "./email-verification.js";

export type NewAccount = { name: string; email: string; password: string };

export async function emailIsTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalizeEmail(email)))
    .where("status", "<>", "placeholder")
    .executeTakeFirst();
  return row !== undefined;
}

export const emailTaken = () =>
  new DomainError("email_taken", "An account with this email already exists; log in instead.", {
    errors: [{ path: "email", message: "already registered" }],
  });

/** Turns the unique index's refusal (two sign-ups with one email racing) into 409 `email_taken`. */
export async function orEmailTaken<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    throw isUniqueViolation(err) ? emailTaken() : err;
  }
}

/**
 * A new active account (not through a claim); `proven`: it came through a link mailed to its address,
 * which verifies it; `placeholderId`: the placeholder that becomes this account. The early check gives the common case its answer
 * without a failed insert; the unique index decides races (see orEmailTaken).
 */
export async function createAccount(deps: AppDeps, unit: Unit, input: NewAccount, proven = false, placeholderId?: string): Promise<User> {
  const db = unit.trx;
  if (await emailIsTaken(db, input.email)) throw emailTaken();
  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password, deps.config.passwordIterations);
  const account = { status: "active" as const, name: input.name, email: normalizeEmail(input.email), password_hash: passwordHash, updated_at: now };
  // A placeholder (a SCIM invitee) becomes the account, so the id the identity provider holds stays valid.
  const write = placeholderId
    ? db.updateTable("users").set(account).where("id", "=", placeholderId).where("status", "=", "placeholder").returningAll()
    : db.insertInto("users").values({ id: newId("user"), created_at: now, ...account }).returningAll();
  const user = await orEmailTaken(write.executeTakeFirstOrThrow());
  // Verified at once through a link mailed to this address, else a verification link is mailed.
  await welcomeNewAccount(deps, unit, { id: user.id, name: user.name, email: user.email! }, proven);
  return user;
}

/**
 * Email + password → the active user. An unknown email costs the same KDF work as a wrong password,
 * and both get the same answer, so the form does not reveal who has an account. (`logIn` upgrades an
 * outdated password hash.)
 */
export async function authenticate(deps: AppDeps, email: string, password: string): Promise<User> {
  const user = await deps.db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalizeEmail(email)))
    .where("status", "=", "active")
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? dummyPasswordHash(deps.config.passwordIterations));
  if (!user || !ok) throw new DomainError("invalid_credentials");
  await assertNotInRecovery(deps.db, user.id);
  return user;
}

/**
 * A person in account recovery does not log in with a password: told only after the password was
 * right, so the form reveals nothing to someone who merely knows the address.
 */
async function assertNotInRecovery(db: Executor, userId: string): Promise<void> {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .select(["m.state", "o.name"])
    .where("m.user_id", "=", userId)
    .where("m.state", "in", ["recovery_started", "recovery_accepted"])
    .executeTakeFirst();
  const refusal = row ? loginRefusalInRecovery(row.state, row.name) : null;
  if (refusal) throw new DomainError("account_in_recovery", refusal);
}
