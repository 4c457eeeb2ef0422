import type { AccessAlert } from "../../domain/access-alerts.js";
import type { AppDeps } from "../../deps.js";
import { mailEnabled, queueMail, type MailMessage } from "../mail/outbox.js";
import type { Unit } from "../unit-of-work.js";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The alert as a message: what happened, and where to look. No secret, no tracking. */
export function accessAlertMail(organizationName: string, alert: AccessAlert, activityUrl: string): MailMessage {
  const subject = `Access changed in ${organizationName}`;
  const lines = [
    `Someone gained access in ${organizationName}.`,
    alert.summary,
    "If you did not expect this, review it on the Activity page and undo it (change the role, remove the person from the group, restore the policy).",
  ];
  const text = ["Hello,", "", ...lines.flatMap((l) => [l, ""]), `Activity: ${activityUrl}`, "", "— Handoff"].join("\n");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>Hello,</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}
<p><a href="${escapeHtml(activityUrl)}">Open the Activity page</a></p><p>— Handoff</p></body></html>`;
  return { subject, text, html };
}

/**
 * Queues the alert to every active owner with an email, in the change's transaction (so a rolled-back
 * raise mails nobody). Nothing when mail is off: the Activity page shows alerts either way.
 */
export async function mailAccessAlert(deps: AppDeps, unit: Unit, organizationId: string, alert: AccessAlert): Promise<void> {
  if (!mailEnabled(deps)) return;
  const owners = await unit.trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .select(["u.id", "u.email", "o.name"])
    .where("m.organization_id", "=", organizationId)
    .where("m.role", "=", "owner")
    .where("m.state", "=", "active")
    .where("u.email", "is not", null)
    .execute();
  const activityUrl = `${deps.config.publicUrl}/orgs/${organizationId}/activity?action=alert.access_changed`;
  for (const owner of owners) {
    await queueMail(deps, unit, {
      organizationId,
      kind: "access_alert",
      about: { type: "user", id: alert.userId ?? owner.id },
      to: owner.email!,
      message: accessAlertMail(owner.name, alert, activityUrl),
    });
  }
}
