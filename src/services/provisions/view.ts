import type { Provision, ProvisionStatus } from "../../../db/schema.js";
import { effectiveStatus } from "../../domain/provision-rules.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { latestDeliveries, type MailDelivery } from "../mail/delivery-view.js";

/** The public shape of a provision (API and dashboard): never the claim nonce or any key material. */
export type ProvisionView = {
  id: string;
  status: ProvisionStatus;
  role: "admin" | "member";
  skipOnboarding: boolean;
  name: string | null;
  email: string | null;
  projectName: string;
  metadata: Record<string, unknown> | null;
  userId: string;
  projectId: string;
  agentId: string;
  apiKeyId: string;
  expiresAt: string;
  createdAt: string;
  createdBy: { type: string; id: string };
  claimedBy: string | null;
  claimedAt: string | null;
  cancelledAt: string | null;
  expiredAt: string | null;
  /** The claim link's mail, when it was mailed. */
  delivery: MailDelivery | null;
};

export type ProvisionCreatedView = ProvisionView & { apiKey: string; claimUrl: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of a provision: never the claim nonce or any key material. */
export function toProvisionView(p: Provision, now: Date, delivery: MailDelivery | null = null): ProvisionView {
  return {
    id: p.id,
    status: effectiveStatus({ status: p.status, expiresAt: p.expires_at }, now),
    role: p.role,
    skipOnboarding: p.skip_onboarding,
    name: p.name,
    email: p.email,
    projectName: p.project_name,
    metadata: (p.metadata as Record<string, unknown> | null) ?? null,
    userId: p.user_id,
    projectId: p.project_id,
    agentId: p.agent_id,
    apiKeyId: p.api_key_id,
    expiresAt: p.expires_at.toISOString(),
    createdAt: p.created_at.toISOString(),
    createdBy: { type: p.created_by_type, id: p.created_by_id },
    claimedBy: p.claimed_by_user_id,
    claimedAt: iso(p.claimed_at),
    cancelledAt: iso(p.cancelled_at),
    expiredAt: iso(p.expired_at),
    delivery,
  };
}

/** Provisions as the API shows them, each with its claim-link mail (one query for the lot). */
export async function viewProvisions(deps: AppDeps, rows: Provision[], db: Executor = deps.db): Promise<ProvisionView[]> {
  const deliveries = await latestDeliveries(db, "provision", rows.map((r) => r.id));
  const now = deps.clock.now();
  return rows.map((r) => toProvisionView(r, now, deliveries.get(r.id) ?? null));
}

export async function viewProvision(deps: AppDeps, row: Provision, db: Executor = deps.db): Promise<ProvisionView> {
  return (await viewProvisions(deps, [row], db))[0]!;
}
