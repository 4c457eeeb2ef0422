import type { SessionUser } from "../../services/accounts/sessions.js";
import type { provisionHistory } from "../../services/team/team-view.js";
import type { ProvisionView } from "../../services/provisions/view.js";
import { Alert, CsrfField } from "../components.js";
import { actionLabel, formatTime, timeLeft } from "../format.js";
import { DeliveryStatus } from "../delivery.js";
import { Layout } from "../layout.js";
import { CopyRow } from "./provision-form.js";
import { StatusBadge } from "./team.js";

type History = Awaited<ReturnType<typeof provisionHistory>>;

type DetailProps = {
  user: SessionUser;
  csrfToken: string;
  organization: { id: string; name: string };
  provision: ProvisionView;
  history: History;
  now: Date;
  notice?: string | undefined;
  newClaimUrl?: string | undefined;
};

export function ProvisionDetailPage(p: DetailProps) {
  const base = `/orgs/${p.organization.id}/provisions/${p.provision.id}`;
  const pending = p.provision.status === "pending";
  const expiresAt = new Date(p.provision.expiresAt);
  return (
    <Layout title={`Provision ${p.provision.name ?? p.provision.id}`} user={p.user} csrfToken={p.csrfToken} current="team">
      <p>
        <a href={`/orgs/${p.organization.id}/team`}>← {p.organization.name}</a>
      </p>
      <div class="page-head">
        <div>
          <h1>{p.provision.name ?? p.provision.email ?? p.provision.projectName}</h1>
          <p class="lead">
            <StatusBadge status={p.provision.status} /> <code>{p.provision.id}</code>
          </p>
        </div>
      </div>
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      {p.newClaimUrl ? (
        <section class="card" aria-labelledby="new-link">
          <h2 id="new-link">New claim link</h2>
          <p class="muted">Every earlier link has stopped working. This one is shown now; copy it before leaving the page.</p>
          <CopyRow id="claim-url" label="Claim link" value={p.newClaimUrl} />
        </section>
      ) : null}
      <div class="grid2">
        <section class="card" aria-labelledby="details">
          <h2 id="details">Details</h2>
          <dl class="facts">
            <dt>Email</dt>
            <dd>{p.provision.email ?? "—"}</dd>
            <dt>Claim link mail</dt>
            <dd>
              <DeliveryStatus delivery={p.provision.delivery} />
            </dd>
            <dt>Role</dt>
            <dd>{p.provision.role}</dd>
            <dt>Project</dt>
            <dd>{p.provision.projectName}</dd>
            <dt>User ID</dt>
            <dd>
              <code>{p.provision.userId}</code>
            </dd>
            <dt>Project ID</dt>
            <dd>
              <code>{p.provision.projectId}</code>
            </dd>
            <dt>Expires</dt>
            <dd>
              {pending ? (
                <time datetime={p.provision.expiresAt} data-countdown title={formatTime(expiresAt)}>
                  {timeLeft(expiresAt, p.now)}
                </time>
              ) : (
                formatTime(expiresAt)
              )}
            </dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="history">
          <h2 id="history">Status history</h2>
          <ol class="history">
            {p.history.map((e) => (
              <li>
                <strong>{actionLabel(e.action)}</strong> <span class="muted">{formatTime(e.created_at)}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
      {pending ? (
        <section class="card" aria-labelledby="manage">
          <h2 id="manage">Manage</h2>
          <div class="actions">
            <form method="post" action={`${base}/claim-link`}>
              <CsrfField token={p.csrfToken} />
              <button type="submit" class="secondary">
                Regenerate claim link
              </button>
            </form>
            <a class="button danger" href={`${base}/cancel`}>
              Cancel provision
            </a>
          </div>
        </section>
      ) : null}
    </Layout>
  );
}

export function CancelConfirmPage(p: { user: SessionUser; csrfToken: string; organization: { id: string; name: string }; provision: ProvisionView }) {
  const base = `/orgs/${p.organization.id}/provisions/${p.provision.id}`;
  return (
    <Layout title="Cancel provision" user={p.user} csrfToken={p.csrfToken} current="team" narrow>
      <div class="card">
        <h1>Cancel this provision?</h1>
        <p class="lead">
          The API key stops working at once, and the placeholder user, project, agents and keys of{" "}
          <strong>{p.provision.name ?? p.provision.email ?? p.provision.projectName}</strong> are deleted. The claim link stops working.
          This cannot be undone.
        </p>
        <form class="actions" method="post" action={`${base}/cancel`}>
          <CsrfField token={p.csrfToken} />
          <button type="submit" class="danger">
            Yes, cancel provision
          </button>
          <a class="button secondary" href={base}>
            Keep it
          </a>
        </form>
      </div>
    </Layout>
  );
}
