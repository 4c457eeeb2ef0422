import { signLinkProof, type ProofPurpose } from "../../domain/address-proof.js";
import type { AppDeps } from "../../deps.js";
import type { Unit } from "../unit-of-work.js";
import { claimLinkMail, invitationMail, recoveryMail } from "./messages.js";
import { mailEnabled, queueMail } from "./outbox.js";

/** The messages changes send, queued in the change's unit of work (nothing when mail is off). */

/**
 * A mailed link carries the proof that this address received it: following it verifies the address
 * (the link handed to the admin has none).
 */
async function withProof(deps: AppDeps, url: string, purpose: ProofPurpose, id: string, email: string): Promise<string> {
  return `${url}?proof=${await signLinkProof(purpose, id, email, deps.signingSecrets[0]!)}`;
}

async function organizationName(unit: Unit, organizationId: string): Promise<string> {
  const org = await unit.trx.selectFrom("organizations").select("name").where("id", "=", organizationId).executeTakeFirstOrThrow();
  return org.name;
}

export async function mailClaimLink(
  deps: AppDeps,
  unit: Unit,
  p: { organizationId: string; provisionId: string; email: string; name: string | null; projectName: string; claimUrl: string; expiresAt: Date },
): Promise<string | null> {
  if (!mailEnabled(deps)) return null;
  return queueMail(deps, unit, {
    organizationId: p.organizationId,
    kind: "claim_link",
    about: { type: "provision", id: p.provisionId },
    to: p.email,
    message: claimLinkMail({
      organizationName: await organizationName(unit, p.organizationId),
      name: p.name,
      projectName: p.projectName,
      url: await withProof(deps, p.claimUrl, "provision", p.provisionId, p.email),
      expiresAt: p.expiresAt,
    }),
  });
}

export async function mailInvitation(
  deps: AppDeps,
  unit: Unit,
  p: { organizationId: string; invitationId: string; email: string; role: string; url: string; expiresAt: Date },
): Promise<string | null> {
  if (!mailEnabled(deps)) return null;
  return queueMail(deps, unit, {
    organizationId: p.organizationId,
    kind: "invitation",
    about: { type: "invitation", id: p.invitationId },
    to: p.email,
    message: invitationMail({
      organizationName: await organizationName(unit, p.organizationId),
      role: p.role,
      url: await withProof(deps, p.url, "invitation", p.invitationId, p.email),
      expiresAt: p.expiresAt,
    }),
  });
}

/** The recovery link goes to the person's own address only (it is never given a proof: it does not verify). */
export async function mailRecoveryLink(
  deps: AppDeps,
  unit: Unit,
  p: { organizationId: string; userId: string; email: string; name: string | null; url: string; expiresAt: Date },
): Promise<string | null> {
  if (!mailEnabled(deps)) return null;
  return queueMail(deps, unit, {
    organizationId: p.organizationId,
    kind: "recovery_link",
    about: { type: "user", id: p.userId },
    to: p.email,
    message: recoveryMail({ organizationName: await organizationName(unit, p.organizationId), name: p.name, url: p.url, expiresAt: p.expiresAt }),
  });
}
