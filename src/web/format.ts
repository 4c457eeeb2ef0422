/** "in 6 d 23 h", "in 4 min", or "ended" — the server's rendering of a countdown that app.js keeps live. */
export function timeLeft(until: Date, now: Date): string {
  let s = Math.floor((until.getTime() - now.getTime()) / 1000);
  if (s <= 0) return "ended";
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  if (d > 0) return `in ${d} d ${h} h`;
  if (h > 0) return `in ${h} h ${m} min`;
  if (m > 0) return `in ${m} min`;
  return `in ${s} s`;
}

export function formatTime(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

const actionLabels: Record<string, string> = {
  "provision.created": "Provisioned",
  "provision.cancelled": "Cancelled",
  "provision.claimed": "Claimed",
  "provision.expired": "Expired",
  "provision.claim_link_regenerated": "New claim link issued",
  "provision.cleanup_finished": "Cleanup finished",
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

/** A link page's own address, with the proof its mailed link carried (its forms post back to it). */
export function linkAction(base: string, proof: string | undefined): string {
  return proof ? `${base}?proof=${proof}` : base;
}
