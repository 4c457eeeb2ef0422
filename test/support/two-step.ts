import { person } from "../../src/domain/actors.js";
import { totpCode } from "../../src/domain/two-step.js";
import { confirmEnrolment, enrolmentView, startEnrolment } from "../../src/services/accounts/two-step.js";
import type { TestContext } from "./context.js";

/** Turns two-step login on for a person through the services (the pages are tested in test/web/two-step.test.ts). */
export async function enrolTwoStep(ctx: TestContext, userId: string): Promise<{ secret: string; codes: string[] }> {
  const as = { actor: person(userId), organizationId: null, requestId: null };
  await startEnrolment(ctx.deps, as, userId);
  const view = await enrolmentView(ctx.deps, userId, "x@example.com");
  if (!view) throw new Error("no enrolment to confirm");
  const codes = await confirmEnrolment(ctx.deps, as, userId, totpCode(view.secret, ctx.clock.now()));
  return { secret: view.secret, codes };
}

/** The secret an enrolment page shows (`data-totp-secret`), as a person would type it into an app. */
export function secretOnPage(html: string): string {
  const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(html)?.[1];
  if (!secret) throw new Error("no two-step secret on the page");
  return secret;
}
