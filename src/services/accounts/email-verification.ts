import { checkVerification, linkProofHolds, signVerification, verificationUser, type ProofPurpose } from "../../domain/address-proof.js";
import type { ActorContext } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { LIMITS } from "../../domain/rate-limits.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { verificationMail } from "../mail/messages.js";
import { mailEnabled, queueMail } from "../mail/outbox.js";
import { consumeRateLimit } from "../rate-limit.js";
import { change, type Unit } from "../unit-of-work.js";

/**
 * Verified addresses. An address is verified by a verification link (mailed at sign-up, or again on
 * request) or by following a claim or invitation link that was mailed to it. Without mail configured
 * nothing can be verified, so nothing requires it: links are handed over by admins, as before.
 */

/** Mails a verification link for the account's current address (nothing when mail is off). */
export async function mailVerification(deps: AppDeps, unit: Unit, user: { id: string; name: string | null; email: string }): Promise<string | null> {
  if (!mailEnabled(deps)) return null;
  const token = await signVerification(user.id, user.email, unit.now, deps.signingSecrets[0]!);
  return queueMail(deps, unit, {
    organizationId: null,
    kind: "email_verification",
    about: { type: "user", id: user.id },
    to: user.email,
    message: verificationMail({ name: user.name, email: user.email, url: `${deps.config.publicUrl}/verify-email/${token}` }),
  });
}

/** A new account: verified at once when it came through a mailed link to its address, else sent a verification link. */
export async function welcomeNewAccount(deps: AppDeps, unit: Unit, user: { id: string; name: string | null; email: string }, proven: boolean): Promise<void> {
  if (proven) {
    await unit.trx.updateTable("users").set({ email_verified_at: unit.now }).where("id", "=", user.id).execute();
    return;
  }
  await mailVerification(deps, unit, user);
}

/** What the account page says: the address, whether it is verified, and whether a link can be mailed. */
export async function verificationStatus(deps: AppDeps, userId: string) {
  const user = await deps.db.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { email: user.email, verifiedAt: user.email_verified_at, canMail: mailEnabled(deps) };
}

/** The account page's Resend: a fresh verification link (rate-limited per account). */
export async function resendVerification(deps: AppDeps, ctx: ActorContext, userId: string): Promise<"sent" | "already_verified" | "mail_off"> {
  if (!mailEnabled(deps)) return "mail_off";
  await consumeRateLimit(deps, LIMITS.verificationPerAccount, userId);
  return change(deps, ctx, {}, async (unit) => {
    const user = await unit.trx.selectFrom("users").select(["id", "name", "email", "email_verified_at"]).where("id", "=", userId).where("status", "=", "active").executeTakeFirst();
    if (!user?.email) throw new DomainError("session_required", "Your account is not active.");
    if (user.email_verified_at) return "already_verified";
    await mailVerification(deps, unit, { id: user.id, name: user.name, email: user.email });
    return "sent";
  });
}

/**
 * Follows a verification link: the account's address, as it is now, is verified (a link for an address
 * the account no longer has is invalid). Verifying twice changes nothing.
 */
export async function verifyEmail(deps: AppDeps, ctx: ActorContext, token: string): Promise<{ userId: string; email: string }> {
  const claimed = verificationUser(token);
  if (!claimed) throw new DomainError("verification_link_invalid", "Check that the whole link was copied, or send a new one from your account page.");
  return change(deps, ctx, {}, async ({ trx, now }) => {
    const user = await trx.selectFrom("users").select(["id", "email"]).where("id", "=", claimed.userId).where("status", "=", "active").executeTakeFirst();
    const check = user?.email ? await checkVerification(token, user.email, now, deps.signingSecrets) : "invalid";
    if (check === "invalid" || !user?.email) {
      throw new DomainError("verification_link_invalid", "Check that the whole link was copied, or send a new one from your account page.");
    }
    if (check === "expired") throw new DomainError("verification_link_expired", "Send a new link from your account page.");
    await trx
      .updateTable("users")
      .set({ email_verified_at: now })
      .where("id", "=", user.id)
      .where("email", "=", user.email)
      .where("email_verified_at", "is", null)
      .execute();
    return { userId: user.id, email: user.email };
  });
}

/**
 * A provision or invitation bound to an address is taken only by an account whose address is verified,
 * or with the proof its mailed link carries (which verifies the address on the way). The caller has
 * already checked that the account's address is the bound one.
 */
export async function requireProvenAddress(
  deps: AppDeps,
  trx: Executor,
  now: Date,
  account: { userId: string; email: string },
  bound: { purpose: ProofPurpose; id: string; email: string; proof: string | undefined },
): Promise<void> {
  if (!mailEnabled(deps)) return;
  if (await linkProofHolds(bound.proof, bound.purpose, bound.id, bound.email, deps.signingSecrets)) {
    await trx.updateTable("users").set({ email_verified_at: now }).where("id", "=", account.userId).where("email_verified_at", "is", null).execute();
    return;
  }
  const user = await trx.selectFrom("users").select("email_verified_at").where("id", "=", account.userId).executeTakeFirst();
  if (user?.email_verified_at) return;
  throw new DomainError(
    "email_not_verified",
    `This is made out to ${bound.email}, and that address is not verified yet: open the link mailed to it (the claim or invitation mail, or the verification mail — your account page sends a new one), then come back.`,
  );
}

/** Whether a mailed link's proof holds (a sign-up through it starts verified). */
export function proofHolds(deps: AppDeps, bound: { purpose: ProofPurpose; id: string; email: string | null; proof: string | undefined }): Promise<boolean> {
  return bound.email ? linkProofHolds(bound.proof, bound.purpose, bound.id, bound.email, deps.signingSecrets) : Promise.resolve(false);
}
