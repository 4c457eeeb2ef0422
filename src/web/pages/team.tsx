import type { ProvisionStatus } from "../../../db/schema.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { teamView } from "../../services/team/team-view.js";
import { Alert } from "../components.js";
import { formatTime, timeLeft } from "../format.js";
import { Layout } from "../layout.js";
import { TeamNav } from "./people.js";
import { effectiveStatus } from "../../domain/provision-rules.js";

type View = Awaited<ReturnType<typeof teamView>>;

const FILTERS: (ProvisionStatus | undefined)[] = [undefined, "pending", "claimed", "expired", "cancelled"];

const memberState = { placeholder: "Provisioned", active: "Active", suspended: "Suspended" } as const;

export function StatusBadge({ status }: { status: ProvisionStatus }) {
  const tone = status === "claimed" ? "ok" : status === "pending" ? "" : "off";
  return <span class={`badge ${tone}`}>{status}</span>;
}

export function TeamPage(props: { user: SessionUser; csrfToken: string; view: View; status: ProvisionStatus | undefined; now: Date; notice?: string | undefined }) {
  const { organization, members, provisions, names } = props.view;
  const base = `/orgs/${organization.id}`;
  const filterHref = (s: ProvisionStatus | undefined) => `${base}/team${s ? `?status=${s}` : ""}`;
  return (
    <Layout title={`Team · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <div class="page-head">
        <div>
          <h1>{organization.name}</h1>
          <p class="lead">Members and the accounts provisioned for people who have not claimed them yet.</p>
        </div>
        <div class="actions">
          <a class="button secondary" href={`${base}/invitations/new`}>
            Invite
          </a>
          <a class="button" href={`${base}/provisions/new`}>
            Provision new user
          </a>
        </div>
      </div>
      <TeamNav organizationId={organization.id} current="overview" />
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="members">
        <h2 id="members">Members</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <td>{m.name ?? "—"}</td>
                <td>{m.email ?? "—"}</td>
                <td>
                  <span class="badge">{m.role}</span>
                </td>
                <td>{memberState[m.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="provisions">
        <h2 id="provisions">Provisions</h2>
        <nav class="filters" aria-label="Filter provisions by status">
          {FILTERS.map((s) => (
            <a href={filterHref(s)} aria-current={s === props.status ? "page" : undefined}>
              {s ?? "all"}
            </a>
          ))}
        </nav>
        {provisions.data.length === 0 ? (
          <p class="muted">No provisions{props.status ? ` with status ${props.status}` : ""} yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Role</th>
                <th scope="col">Created by</th>
                <th scope="col">Claimed by</th>
              </tr>
            </thead>
            <tbody>
              {provisions.data.map((p) => {
                const status = effectiveStatus({ status: p.status, expiresAt: p.expires_at }, props.now);
                return (
                  <tr>
                    <td>
                      <a href={`${base}/provisions/${p.id}`}>{p.name ?? p.email ?? p.project_name}</a>
                      {p.name && p.email ? <div class="muted small">{p.email}</div> : null}
                    </td>
                    <td>
                      <StatusBadge status={status} />
                    </td>
                    <td>
                      {status === "pending" ? (
                        <time datetime={p.expires_at.toISOString()} data-countdown title={formatTime(p.expires_at)}>
                          {timeLeft(p.expires_at, props.now)}
                        </time>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{p.role}</td>
                    <td>{p.created_by_type === "user" ? names.get(p.created_by_id) ?? "a person" : "Admin API key"}</td>
                    <td>{p.claimed_by_user_id ? names.get(p.claimed_by_user_id) ?? "—" : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {provisions.nextCursor ? (
          <p class="actions">
            <a class="button secondary" href={`${base}/team?${new URLSearchParams({ ...(props.status ? { status: props.status } : {}), cursor: provisions.nextCursor })}`}>
              Next page
            </a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
