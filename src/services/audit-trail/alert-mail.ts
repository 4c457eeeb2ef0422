import type { AccessAlert } from "../../domain/access-alerts.js";
import type { AppDeps } from "../../deps.js";
import { mailEnabled, queueMail, type MailKind, type MailMessage } from "../mail/outbox.js";
import type { Unit } from "../unit-of-work.js";
import { peopleNames, userIdsIn, withNames } from "./people-names.js";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The alert as a message: what happened, and where to look. No secret, no tracking. */
export function accessAlertMail(organizationName: string, alert: AccessAlert, activityUrl: string): MailMessage {
  return alertMail(`Access changed in ${organizationName}`, activityUrl, [
    `Someone gained access in ${organizationName}.`,
    alert.summary,
    "If you did not expect this, review it on the Activity page and undo it (change the role, remove the person from the group, restore the policy).",
  ]);
}

/** A webhook endpoint switched off by the delivery job (410 Gone, or failing for days). */
export function endpointDisabledMail(organizationName: string, endpoint: { url: string; reason: "gone" | "failing" }, activityUrl: string): MailMessage {
  const why = endpoint.reason === "gone" ? "it answered 410 Gone" : "its deliveries have failed for days";
  return alertMail(`A webhook endpoint of ${organizationName} was disabled`, activityUrl, [
    `The webhook endpoint ${endpoint.url} of ${organizationName} was disabled: ${why}. Nothing is sent to it until someone enables it again.`,
    "Fix the receiver, then enable the endpoint on its Webhooks page and retry the deliveries it missed.",
  ]);
}

function alertMail(subject: string, activityUrl: string, lines: string[]): MailMessage {
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
  // Owners read names, not ids: each id of the summary is followed by who it is.
  const named = { ...alert, summary: withNames(alert.summary, await peopleNames(unit.trx, userIdsIn(alert.summary))) };
  await mailOwners(deps, unit, organizationId, "access_alert", (owner) => ({ type: "user", id: alert.userId ?? owner }), (name, url) => accessAlertMail(name, named, url), "alert.access_changed");
}

/** The same for a webhook endpoint the delivery job disabled (the issue's "disabled with an alert"). */
export async function mailEndpointDisabled(deps: AppDeps, unit: Unit, organizationId: string, endpoint: { url: string; reason: "gone" | "failing" }): Promise<void> {
  await mailOwners(deps, unit, organizationId, "webhook_alert", (owner) => ({ type: "user", id: owner }), (name, url) => endpointDisabledMail(name, endpoint, url), "webhook.disabled");
}

async function mailOwners(
  deps: AppDeps,
  unit: Unit,
  organizationId: string,
  kind: MailKind,
  about: (ownerId: string) => { type: "user"; id: string },
  message: (organizationName: string, activityUrl: string) => MailMessage,
  action: string,
): Promise<void> {
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
  const activityUrl = `${deps.config.publicUrl}/orgs/${organizationId}/activity?action=${action}`;
  for (const owner of owners) {
    await queueMail(deps, unit, { organizationId, kind, about: about(owner.id), to: owner.email!, message: message(owner.name, activityUrl) });
  }
}
