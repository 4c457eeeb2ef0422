import type { AppDeps } from "../../deps.js";
import { deliverWebhooks } from "./deliver.js";

/** The webhook outbox as a channel of the shared delivery job: retries of what is due, `limit` at a time. */
export const webhookChannel = {
  name: "webhooks",
  deliverDue: (deps: AppDeps, now: Date, limit: number) => deliverWebhooks(deps, now, { limit }),
};
