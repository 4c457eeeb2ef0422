import type { MailDelivery } from "../services/mail/delivery-view.js";
import { formatTime } from "./format.js";

/** A link's mail as the pages show it: sent, queued (and why the last attempt failed), or given up. */
export function DeliveryStatus({ delivery }: { delivery: MailDelivery | null }) {
  if (!delivery) return <span class="muted">not mailed</span>;
  if (delivery.state === "sent") {
    return (
      <span>
        <span class="badge ok">sent</span> to {delivery.to}
        {delivery.sentAt ? <span class="muted"> · {formatTime(new Date(delivery.sentAt))}</span> : null}
      </span>
    );
  }
  return (
    <span>
      <span class={`badge ${delivery.state === "failed" ? "off" : ""}`}>{delivery.state === "failed" ? "failed" : "queued"}</span> to {delivery.to}
      {delivery.reason ? <span class="muted"> · {delivery.state === "failed" ? "" : "retrying after: "}{delivery.reason}</span> : null}
    </span>
  );
}
