import type { AppDeps } from "../../deps.js";
import { deliverMail } from "../mail/deliver.js";
import { webhookChannel } from "../webhooks/channel.js";

/** What one pass of a channel did: rows it claimed, delivered, and gave up on. */
export type ChannelRun = { attempted: number; delivered: number; failed: number };

/**
 * An outbox the delivery job drains: `deliverDue` claims at most `limit` rows due at `now` (a guarded
 * claim, so many instances may run it at once) and attempts each.
 */
export type DeliveryChannel = {
  name: string;
  deliverDue(deps: AppDeps, now: Date, limit: number): Promise<ChannelRun>;
};

export const mailChannel: DeliveryChannel = {
  name: "mail",
  async deliverDue(deps, now, limit) {
    const run = await deliverMail(deps, now, { limit });
    return { attempted: run.attempted, delivered: run.sent, failed: run.failed };
  },
};

/** Every outbox, in the order the job visits them. */
export const channels: DeliveryChannel[] = [mailChannel, webhookChannel];
