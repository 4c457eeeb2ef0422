import type { SessionUser } from "../../services/accounts/sessions.js";
import type { WebhookDelivery } from "../../services/webhooks/deliveries.js";
import type { WebhookEndpoint } from "../../services/webhooks/endpoints.js";
import { Alert, CsrfField } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { TeamHead, PostButton } from "./people.js";
import { CopyRow } from "./provision-form.js";

type Org = { id: string; name: string };
type Common = { user: SessionUser; csrfToken: string; organization: Org; notice?: string | undefined; error?: string | undefined };

function State({ w }: { w: WebhookEndpoint }) {
  if (w.enabled) return <span>{w.failing_since ? `Enabled, failing since ${formatTime(w.failing_since)}` : "Enabled"}</span>;
  const why = w.disabled_reason === "gone" ? " (it answered 410 Gone)" : w.disabled_reason === "failing" ? " (it failed for days)" : "";
  return <span>{`Disabled${why}`}</span>;
}

export function WebhooksPage(props: Common & { endpoints: WebhookEndpoint[]; form?: { url?: string; events?: string; description?: string } }) {
  const base = `/orgs/${props.organization.id}/webhooks`;
  const f = props.form ?? {};
  return (
    <Layout title={`Webhooks · ${props.organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={props.organization} current="webhooks" />
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="endpoints">
        <h2 id="endpoints">Endpoints</h2>
        {props.endpoints.length === 0 ? (
          <p class="muted">No endpoint yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {props.endpoints.map((w) => (
                <tr data-webhook-id={w.id}>
                  <td>
                    <a href={`${base}/${w.id}`}>{w.url}</a>
                    {w.description ? <div class="muted small">{w.description}</div> : null}
                  </td>
                  <td class="small">{w.events.join(", ")}</td>
                  <td>
                    <State w={w} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="add">
        <h2 id="add">Add an endpoint</h2>
        {props.error ? <Alert kind="error">{props.error}</Alert> : null}
        <form method="post" action={base}>
          <CsrfField token={props.csrfToken} />
          <label>
            URL
            <input type="url" name="url" required value={f.url ?? ""} placeholder="https://receiver.example.com/handoff" />
          </label>
          <label>
            Events (comma-separated: event types, families like member.*, or *)
            <input type="text" name="events" required value={f.events ?? "*"} />
          </label>
          <label>
            Description
            <input type="text" name="description" value={f.description ?? ""} />
          </label>
          <button type="submit">Add endpoint</button>
        </form>
      </section>
    </Layout>
  );
}

/** A new or rotated signing secret, shown exactly once. */
export function WebhookSecretPage(props: Common & { endpoint: WebhookEndpoint; secret: string; rotated: boolean }) {
  return (
    <Layout title="Webhook signing secret" user={props.user} csrfToken={props.csrfToken} current="team" narrow>
      <div class="card">
        <h1>{props.rotated ? "New signing secret" : "Endpoint added"}</h1>
        <Alert kind="warn">
          <strong>Copy the signing secret now: it is shown once.</strong> It is kept sealed and cannot be shown again.
          {props.rotated ? " The previous secret keeps signing beside it for 24 hours." : ""}
        </Alert>
        <CopyRow id="webhook-secret" label="Signing secret" value={props.secret} />
        <p>
          <a class="button" href={`/orgs/${props.organization.id}/webhooks/${props.endpoint.id}`}>
            Go to the endpoint
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function WebhookPage(props: Common & { endpoint: WebhookEndpoint; deliveries: WebhookDelivery[]; nextCursor: string | null }) {
  const w = props.endpoint;
  const base = `/orgs/${props.organization.id}/webhooks/${w.id}`;
  return (
    <Layout title={`Webhook · ${props.organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={props.organization} current="webhooks">
        {w.enabled ? <PostButton action={`${base}/test`} csrfToken={props.csrfToken} label="Send test event" kind="" size="" /> : null}
        <PostButton action={`${base}/${w.enabled ? "disable" : "enable"}`} csrfToken={props.csrfToken} label={w.enabled ? "Disable" : "Enable"} size="" />
        <PostButton action={`${base}/rotate`} csrfToken={props.csrfToken} label="Rotate secret" size="" />
        <PostButton action={`${base}/delete`} csrfToken={props.csrfToken} label="Delete" kind="danger" size="" />
      </TeamHead>
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="endpoint">
        <h2 id="endpoint">{w.url}</h2>
        <p>
          <State w={w} /> · events: {w.events.join(", ")}
          {w.description ? ` · ${w.description}` : ""}
        </p>
      </section>
      <section class="card" aria-labelledby="deliveries">
        <h2 id="deliveries">Deliveries</h2>
        {props.deliveries.length === 0 ? (
          <p class="muted">Nothing sent yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Response</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr data-delivery-id={d.id}>
                  <td>
                    <code class="nowrap">{d.event_type}</code>
                    <div class="muted small">
                      {d.id} · {formatTime(d.created_at)}
                    </div>
                  </td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.response_status ?? "—"}
                    {d.duration_ms !== null ? <div class="muted small">{`${d.duration_ms} ms`}</div> : null}
                    {d.last_error ? <div class="muted small">{d.last_error}</div> : null}
                  </td>
                  <td>{d.status === "queued" && d.next_attempt_at ? formatTime(d.next_attempt_at) : "—"}</td>
                  <td>{d.status !== "sending" && w.enabled ? <PostButton action={`${base}/deliveries/${d.id}/retry`} csrfToken={props.csrfToken} label="Retry" /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.nextCursor ? (
          <p>
            <a href={`${base}?cursor=${props.nextCursor}`}>Older deliveries</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
