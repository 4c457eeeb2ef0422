import type { Selectable } from "kysely";
import type { WebhookEndpointsTable } from "../../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import type { AppDeps } from "../../deps.js";
import { openWith, sealWith } from "../sealing.js";

/** What a webhook secret is sealed for: a box sealed for something else never opens as one. */
const CONTEXT = "handoff:webhook-secret:v1";

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64 (what the `standardwebhooks` package reads). */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** Sealed with the server's sealing keys (the database never holds a secret in clear). */
export async function sealSecret(deps: AppDeps, secret: string): Promise<string> {
  const sealed = await sealWith(deps.sealingKeys, secret, CONTEXT);
  if (!sealed) throw new DomainError("service_unavailable", "Webhooks need HANDOFF_SEALING_KEY: their signing secrets are kept sealed.");
  return sealed;
}

/** The secrets that sign a delivery now: the current one, and the previous one during its overlap. */
export async function signingSecretsOf(deps: AppDeps, endpoint: Selectable<WebhookEndpointsTable>, now: Date): Promise<string[]> {
  const current = await openWith(deps.sealingKeys, endpoint.secret_sealed, CONTEXT);
  if (!current) throw new Error("the endpoint's secret cannot be opened with the configured sealing keys");
  const out = [current];
  if (endpoint.previous_secret_sealed && endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at > now) {
    const previous = await openWith(deps.sealingKeys, endpoint.previous_secret_sealed, CONTEXT);
    if (previous) out.push(previous);
  }
  return out;
}

