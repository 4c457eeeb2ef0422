import type { AppDeps } from "../deps.js";
import { channels as allChannels, type ChannelRun, type DeliveryChannel } from "../services/outbox/channels.js";
import { createJobRunner, type Job, type JobRunner } from "./run-job.js";

/** Rows per claim: small, so one slow recipient never holds many rows leased. */
const BATCH = 50;

export type DeliveryResult = { channels: Record<string, ChannelRun>; complete: boolean };

/**
 * The outboxes' delivery job (DELIVERY_CRON): each channel delivers what is due, batch after batch,
 * until nothing due is left, the run is asked to stop, or SWEEP_TIME_BUDGET_MS has passed (the next
 * run carries on: rows keep their state, the job keeps no cursor). Safe on every instance at once.
 */
export function deliveryJob(deps: AppDeps, channels: DeliveryChannel[] = allChannels): Job<DeliveryResult> {
  return {
    name: "delivery",
    async run(now, signal) {
      const started = performance.now();
      const result: DeliveryResult = { channels: {}, complete: true };
      for (const channel of channels) {
        const total: ChannelRun = { attempted: 0, delivered: 0, failed: 0 };
        result.channels[channel.name] = total;
        for (;;) {
          if (signal.aborted || performance.now() - started > deps.config.sweepTimeBudgetMs) {
            result.complete = false;
            break;
          }
          const run = await channel.deliverDue(deps, now, BATCH);
          total.attempted += run.attempted;
          total.delivered += run.delivered;
          total.failed += run.failed;
          if (run.attempted < BATCH) break;
        }
      }
      return result;
    },
    summarize: (r) => ({
      ...Object.fromEntries(Object.entries(r.channels).map(([name, run]) => [name, `${run.delivered}/${run.attempted} delivered, ${run.failed} given up`])),
      complete: r.complete,
    }),
  };
}

export function createDeliveryRunner(deps: AppDeps): JobRunner<DeliveryResult> {
  return createJobRunner(deliveryJob(deps), deps);
}
