import type { MailDelivery } from "../services/mail/delivery-view.js";
import type { MailKind } from "../services/mail/outbox.js";
import { formatTime } from "./format.js";

const KIND_LABELS: Record<MailKind, string> = {
  claim_link: "Claim link",
  invitation: "Invitation",
  email_verification: "Address verification",
  recovery_link: "Recovery link",
  access_alert: "Access alert",
  webhook_alert: "Webhook endpoint disabled",
};

/**
 * A link's mail as the pages show it: sent, queued (and why the last attempt failed), or given up.
 * `withKind` names what the mail was, where a row can have several (a member's latest mail).
 */
export function DeliveryStatus({ delivery, withKind = false }: { delivery: MailDelivery | null; withKind?: boolean }) {
  if (!delivery) return <span class="muted">not mailed</span>;
  const kind = withKind ? <div class="muted small">{KIND_LABELS[delivery.kind]}</div> : null;
  if (delivery.state === "sent") {
    return (
      <span data-delivery="sent">
        <span class="badge ok">sent</span> to {delivery.to}
        {delivery.sentAt ? <span class="muted"> · {formatTime(new Date(delivery.sentAt))}</span> : null}
        {kind}
      </span>
    );
  }
  return (
    <span data-delivery={delivery.state}>
      <span class={`badge ${delivery.state === "failed" ? "off" : ""}`}>{delivery.state === "failed" ? "failed" : "queued"}</span> to {delivery.to}
      {delivery.reason ? <span class="muted"> · {delivery.state === "failed" ? "" : "retrying after: "}{delivery.reason}</span> : null}
      {kind}
    </span>
  );
}
