import { AUDIT_ACTIONS, AUDIT_CATALOGUE } from "../../domain/audit-catalogue.js";
import { toAuditEventJson, type AuditEventJson } from "../../domain/audit-export.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { activityView } from "../../services/audit-trail/activity-view.js";
import { withNames } from "../../services/audit-trail/people-names.js";
import { Alert } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { TeamHead } from "./people.js";

export type ActivityFilter = { action?: string | undefined; actorId?: string | undefined; targetId?: string | undefined; since?: string | undefined; until?: string | undefined };

/** The filter as a query string (for the next page and the export links). */
export function filterQuery(f: ActivityFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}

function metadataSummary(e: AuditEventJson): string {
  return Object.entries(e.metadata)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

function Party({ party, names }: { party: { type: string; id: string | null }; names: Map<string, string> }) {
  const name = party.id ? names.get(party.id) : undefined;
  return (
    <>
      {name ?? party.type}
      <div class="muted small">{party.id ?? "—"}</div>
    </>
  );
}

function EventRow({ e, names }: { e: AuditEventJson; names: Map<string, string> }) {
  return (
    <tr data-event-id={e.id}>
      <td>{formatTime(new Date(e.createdAt))}</td>
      <td>
        <code class="nowrap">{e.action}</code>
      </td>
      <td>
        <Party party={e.actor} names={names} />
      </td>
      <td>
        <Party party={e.target} names={names} />
      </td>
      <td class="small details">{metadataSummary(e)}</td>
    </tr>
  );
}

export function ActivityPage(props: { user: SessionUser; csrfToken: string; view: Awaited<ReturnType<typeof activityView>>; filter: ActivityFilter }) {
  const { organization, events, alerts, names } = props.view;
  const base = `/orgs/${organization.id}/activity`;
  const f = props.filter;
  return (
    <Layout title={`Activity · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={organization} current="activity">
        <a class="button secondary" href={`${base}/export${filterQuery(f, { format: "csv" })}`}>
          Export CSV
        </a>
        <a class="button secondary" href={`${base}/export${filterQuery(f, { format: "jsonl" })}`}>
          Export JSON lines
        </a>
      </TeamHead>
      {alerts.length > 0 ? (
        <section class="card" aria-labelledby="alerts">
          <h2 id="alerts">Recent alerts</h2>
          {alerts.map((row) => {
            const e = toAuditEventJson(row);
            return (
              <Alert kind="warn">
                {formatTime(new Date(e.createdAt))}: {e.action === "webhook.disabled" ? `Webhook endpoint ${String(e.metadata.url)} was disabled (${e.metadata.reason === "gone" ? "it answered 410 Gone" : "it failed for days"}).` : withNames(String(e.metadata.summary ?? metadataSummary(e)), names)}
              </Alert>
            );
          })}
        </section>
      ) : null}
      <section class="card" aria-labelledby="activity">
        <h2 id="activity">Activity</h2>
        <form class="inline-form grid" method="get" action={base} role="search" aria-label="Filter activity">
          <label>
            Event
            <select name="action">
              <option value="">Any event</option>
              {AUDIT_ACTIONS.map((a) => (
                <option value={a} selected={a === f.action} title={AUDIT_CATALOGUE[a]}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            Actor id
            <input type="text" name="actorId" value={f.actorId ?? ""} />
          </label>
          <label>
            Target id
            <input type="text" name="targetId" value={f.targetId ?? ""} />
          </label>
          <label>
            From (UTC)
            <input type="date" name="since" value={f.since ?? ""} />
          </label>
          <label>
            Before (UTC)
            <input type="date" name="until" value={f.until ?? ""} />
          </label>
          <button class="secondary" type="submit">
            Filter
          </button>
        </form>
        {events.data.length === 0 ? (
          <p class="muted">No event matches.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((row) => (
                <EventRow e={toAuditEventJson(row)} names={names} />
              ))}
            </tbody>
          </table>
        )}
        {events.nextCursor ? (
          <p>
            <a href={`${base}${filterQuery(f, { cursor: events.nextCursor })}`}>Older events</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
