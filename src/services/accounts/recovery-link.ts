import { person, type ActorContext } from "../../domain/actors.js";
import { sha256Hex } from "../../domain/encoding.js";
import { DomainError } from "../../domain/errors.js";
import { decide } from "../../domain/membership-states.js";
import { hashPassword } from "../../domain/password.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { mailEnabled } from "../mail/outbox.js";
import { change } from "../unit-of-work.js";
import { dropTwoStep } from "./two-step.js";

/**
 * The person's side of account recovery: the page behind `/recover/<token>` and the new password.
 * The link's token is random; only its SHA-256 is stored, so the lookup by hash needs no
 * constant-time compare (an attacker learns nothing from timing a hash they cannot invert).
 */

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function readLink(db: Executor, token: string, now: Date, forUpdate: boolean) {
  if (!TOKEN.test(token)) throw invalid();
  let q = db
    .selectFrom("account_recoveries as r")
    .innerJoin("organizations as o", "o.id", "r.organization_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.id", "r.organization_id", "r.user_id", "r.expires_at", "r.accepted_at", "r.ended_at", "o.name as organization_name", "u.email", "u.name"])
    .where("r.token_hash", "=", await sha256Hex(token));
  if (forUpdate) q = q.forUpdate("r");
  const link = await q.executeTakeFirst();
  if (!link) throw invalid();
  if (link.accepted_at || link.ended_at) {
    throw new DomainError("recovery_link_used", "This link was already used, or a newer one replaced it. Use the latest link mailed to you, or ask your admin.");
  }
  if (link.expires_at.getTime() <= now.getTime()) throw new DomainError("recovery_link_expired", "Ask your admin to start the recovery again: a new link will be mailed to you.");
  return link;
}

const invalid = () => new DomainError("recovery_link_invalid", "Check that the whole link was copied from the mail.");

/** What the page shows: whose account, for which organization. Throws why the link cannot be used. */
export async function recoveryPage(deps: AppDeps, token: string) {
  const link = await readLink(deps.db, token, deps.clock.now(), false);
  return { organizationName: link.organization_name, email: link.email, name: link.name, expiresAt: link.expires_at };
}

/**
 * The person sets a new password through their link: in one transaction the link is used up, the
 * membership moves recovery_started → recovery_accepted (a guarded update), the password is replaced,
 * two-step login is reset (enrolment and recovery codes gone: the device may be what was lost) and
 * any session ends. Following a link mailed to their address also verifies it.
 */
export async function acceptRecovery(deps: AppDeps, ctx: ActorContext, token: string, password: string): Promise<{ organizationName: string }> {
  // The KDF runs before the transaction, so no row stays locked while it works.
  const passwordHash = await hashPassword(password, deps.config.passwordIterations);
  return change(deps, ctx, {}, async (unit) => {
    const { trx, now } = unit;
    const link = await readLink(trx, token, now, true);
    const m = await trx
      .selectFrom("memberships")
      .select(["state", "suspended_from"])
      .where("organization_id", "=", link.organization_id)
      .where("user_id", "=", link.user_id)
      .forUpdate()
      .executeTakeFirst();
    const d = m ? decide("accept_recovery", { state: m.state, suspendedFrom: m.suspended_from }) : null;
    if (!m || !d || d.kind !== "move") throw new DomainError("recovery_link_used", "This recovery is no longer open. Ask your admin.");
    const moved = await trx
      .updateTable("memberships")
      .set({ state: d.to })
      .where("organization_id", "=", link.organization_id)
      .where("user_id", "=", link.user_id)
      .where("state", "=", d.from)
      .executeTakeFirst();
    const used = await trx
      .updateTable("account_recoveries")
      .set({ accepted_at: now })
      .where("id", "=", link.id)
      .where("accepted_at", "is", null)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    // Under the row locks neither can miss; if one ever does, the whole change rolls back.
    if (!Number(moved.numUpdatedRows) || !Number(used.numUpdatedRows)) throw new DomainError("recovery_link_used", "This link was already used.");
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: now })
      .where("id", "=", link.user_id)
      .execute();
    if (mailEnabled(deps)) {
      await trx.updateTable("users").set({ email_verified_at: now }).where("id", "=", link.user_id).where("email_verified_at", "is", null).execute();
    }
    await dropTwoStep(unit, link.user_id, { reason: "account_recovery" });
    await trx.deleteFrom("sessions").where("user_id", "=", link.user_id).execute();
    await unit.audit("member.recovery_accepted", { type: "user", id: link.user_id }, {}, { organizationId: link.organization_id, actor: person(link.user_id) });
    return { organizationName: link.organization_name };
  });
}
