import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.js";
import type { JobRunner } from "./run-job.js";

/** node-cron's verdict on an expression, for loadConfig's SWEEP_CRON check (null when valid). */
export function cronProblem(expression: string): string | null {
  if (cron.validate(expression)) return null;
  // validate() says yes or no; validateDetailed() says which field is wrong.
  const details = cron.validateDetailed(expression).errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return `not a valid cron expression "${expression}"${details ? ` (${details})` : ""}; use 5 fields (6 with seconds first) or "off"`;
}

/**
 * Runs a job on a node-cron schedule in this process. Overlap is the runner's business (it logs a
 * skipped tick), so node-cron's own noOverlap is not used; node-cron's messages go to our logger.
 */
export function scheduleJob(expression: string, runner: JobRunner<unknown>, name: string, logger: Logger): ScheduledTask {
  return cron.schedule(expression, () => runner.run("cron"), {
    name,
    logger: {
      info: (message) => logger.info(message, { job: name }),
      warn: (message) => logger.warn(String(message), { job: name }),
      error: (message, err) => logger.error(String(message), { job: name, ...(err ? { error: String(err) } : {}) }),
      debug: (message) => logger.debug(String(message), { job: name }),
    },
  });
}
