import { sql } from "kysely";
import QRCode from "qrcode";
import { person, type ActorContext } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { verifyPassword } from "../../domain/password.js";
import { LIMITS } from "../../domain/rate-limits.js";
import {
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  readChallenge,
  recoveryCodeHash,
  signChallenge,
  totpStep,
  totpUri,
} from "../../domain/two-step.js";
import type { AppDeps } from "../../deps.js";
import { consumeRateLimit } from "../rate-limit.js";
import { openWith, sealWith } from "../sealing.js";
import { change, type Unit } from "../unit-of-work.js";
import { auditAccountEvent } from "./account-events.js";

/**
 * Two-step login (TOTP). The secret is sealed at rest with HANDOFF_SEALING_KEY (a server without one
 * cannot offer it); recovery codes are kept hashed and each works once; a code's time step is
 * accepted once. Enrolment is: start (a new secret, not yet enabled) → the QR code → a code confirms
 * it → the ten recovery codes, shown once.
 */

const context = (userId: string) => `two-step:${userId}`;

async function row(deps: AppDeps, userId: string) {
  return deps.db.selectFrom("two_step").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

async function secretOf(deps: AppDeps, sealed: string, userId: string): Promise<string> {
  const secret = await openWith(deps.sealingKeys, sealed, context(userId));
  if (!secret) throw new DomainError("two_step_unavailable", "The two-step secret can no longer be read (the sealing key that sealed it is gone); use a recovery code.");
  return secret;
}

export async function twoStepStatus(deps: AppDeps, userId: string): Promise<{ enabled: boolean; pending: boolean; recoveryCodesLeft: number; available: boolean }> {
  const r = await row(deps, userId);
  return { enabled: !!r?.enabled_at, pending: !!r && !r.enabled_at, recoveryCodesLeft: r?.recovery_code_hashes.length ?? 0, available: deps.sealingKeys.length > 0 };
}

/** A fresh secret for a person not enrolled yet (starting again replaces an unconfirmed one). */
export async function startEnrolment(deps: AppDeps, ctx: ActorContext, userId: string): Promise<void> {
  const sealed = await sealWith(deps.sealingKeys, newTotpSecret(), context(userId));
  if (!sealed) throw new DomainError("two_step_unavailable", "Set HANDOFF_SEALING_KEY on this server to offer two-step login.");
  await change(deps, ctx, {}, async ({ trx, now }) => {
    await trx
      .insertInto("two_step")
      .values({ user_id: userId, secret_sealed: sealed, created_at: now })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ secret_sealed: sealed, created_at: now }).where("two_step.enabled_at", "is", null))
      .execute();
  });
}

/** What the enrolment page shows: the QR code (SVG drawn here, no outside service) and the secret to type. */
export async function enrolmentView(deps: AppDeps, userId: string, email: string): Promise<{ svg: string; secret: string } | null> {
  const r = await row(deps, userId);
  if (!r || r.enabled_at) return null;
  const secret = await secretOf(deps, r.secret_sealed, userId);
  const svg = await QRCode.toString(totpUri(secret, email), { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { svg, secret };
}

/** A right code turns two-step login on; the ten recovery codes are returned this once. */
export async function confirmEnrolment(deps: AppDeps, ctx: ActorContext, userId: string, code: string): Promise<string[]> {
  await consumeRateLimit(deps, LIMITS.twoStepPerAccount, userId);
  const r = await row(deps, userId);
  if (!r || r.enabled_at) throw new DomainError("two_step_invalid", "Start the enrolment again from your account page.");
  const step = totpStep(await secretOf(deps, r.secret_sealed, userId), code, deps.clock.now());
  if (step === null) throw new DomainError("two_step_invalid", "That code is not right; check the device's clock and try the current code.", { errors: [{ path: "code", message: "not the current code" }] });
  const codes = newRecoveryCodes();
  await change(deps, ctx, {}, async (unit) => {
    const done = await unit.trx
      .updateTable("two_step")
      .set({ enabled_at: unit.now, last_step: step, recovery_code_hashes: JSON.stringify(codes.map(recoveryCodeHash)) })
      .where("user_id", "=", userId)
      .where("enabled_at", "is", null)
      .where("secret_sealed", "=", r.secret_sealed)
      .executeTakeFirst();
    if (!done.numUpdatedRows) throw new DomainError("two_step_invalid", "The enrolment changed meanwhile; start again.");
    await auditAccountEvent(unit, userId, "two_step.enabled", { recoveryCodes: codes.length });
  });
  return codes;
}

/** Turning it off takes the password (a session left open is not enough). */
export async function disableTwoStep(deps: AppDeps, ctx: ActorContext, userId: string, password: string): Promise<void> {
  await consumeRateLimit(deps, LIMITS.twoStepPerAccount, userId);
  const user = await deps.db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(password, user.password_hash))) {
    throw new DomainError("invalid_credentials", "The password is not right.", { errors: [{ path: "password", message: "not your password" }] });
  }
  await change(deps, ctx, {}, async (unit) => {
    await dropTwoStep(unit, userId);
  });
}

/** Removes a person's two-step login, as they turn it off or as an account recovery resets it. */
export async function dropTwoStep(unit: Unit, userId: string, metadata?: Record<string, unknown>): Promise<void> {
  // An enrolment never confirmed is dropped quietly: only turning off what was on is an event.
  const gone = await unit.trx.deleteFrom("two_step").where("user_id", "=", userId).returning("enabled_at").executeTakeFirst();
  if (gone?.enabled_at) await auditAccountEvent(unit, userId, "two_step.disabled", metadata);
}

/** After the password: whether this person must give a second step, and the challenge that carries them to it. */
export async function challengeFor(deps: AppDeps, userId: string): Promise<string | null> {
  const r = await row(deps, userId);
  return r?.enabled_at ? signChallenge(userId, deps.clock.now(), deps.signingSecrets[0]!) : null;
}

/**
 * The second step: a current TOTP code (its time step accepted once, by a guarded update) or an unused
 * recovery code (removed by a guarded update, so it works once whatever the concurrency). Rate-limited
 * per account and address. Returns the person's id.
 */
export async function passSecondStep(deps: AppDeps, challenge: string | undefined, code: string, address: string): Promise<string> {
  const now = deps.clock.now();
  const read = challenge ? await readChallenge(challenge, now, deps.signingSecrets) : null;
  if (read === "expired") throw new DomainError("two_step_challenge_expired", "Log in again: the code must follow the password within 5 minutes.");
  if (!read) throw new DomainError("two_step_challenge_expired", "Log in again with your email and password.");
  await consumeRateLimit(deps, LIMITS.twoStepPerIp, address);
  await consumeRateLimit(deps, LIMITS.twoStepPerAccount, read.userId);
  const r = await row(deps, read.userId);
  if (!r?.enabled_at) throw new DomainError("two_step_challenge_expired", "Log in again with your email and password.");
  const ctx: ActorContext = { actor: person(read.userId), organizationId: null, requestId: null };
  if (looksLikeRecoveryCode(code)) {
    const hash = recoveryCodeHash(code);
    const used = await change(deps, ctx, {}, async (unit) => {
      const left = await unit.trx
        .updateTable("two_step")
        .set({ recovery_code_hashes: sql`recovery_code_hashes - ${hash}::text` })
        .where("user_id", "=", read.userId)
        .where(sql<boolean>`recovery_code_hashes @> ${JSON.stringify([hash])}::jsonb`)
        .returning(sql<number>`jsonb_array_length(recovery_code_hashes)`.as("count"))
        .executeTakeFirst();
      if (left) await auditAccountEvent(unit, read.userId, "two_step.recovery_code_used", { recoveryCodesLeft: Number(left.count) });
      return left;
    });
    if (!used) throw new DomainError("two_step_invalid", "That recovery code is not right, or was used already.");
    deps.logger.info("two-step recovery code used", { userId: read.userId });
    return read.userId;
  }
  const step = totpStep(await secretOf(deps, r.secret_sealed, read.userId), code, now);
  if (step === null) throw new DomainError("two_step_invalid", "That code is not right.");
  const accepted = await change(deps, ctx, {}, ({ trx }) =>
    trx
      .updateTable("two_step")
      .set({ last_step: step })
      .where("user_id", "=", read.userId)
      .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", step)]))
      .executeTakeFirst(),
  );
  if (!accepted.numUpdatedRows) throw new DomainError("two_step_invalid", "That code was used already; wait for the next one.");
  return read.userId;
}
