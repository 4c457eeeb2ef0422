import { keyStatus } from "../../domain/api-key.js";
import { formatTime } from "../format.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { accountOverview } from "../../services/accounts/account-overview.js";
import { Alert, CsrfField } from "../components.js";
import { Layout } from "../layout.js";
import type { MembershipState } from "../../../db/schema.js";
import { STATE_LABELS } from "./people.js";

type Overview = Awaited<ReturnType<typeof accountOverview>>;

/** What a person whose membership cannot act yet (or any more) should do. */
const MEMBERSHIP_NOTES: Partial<Record<MembershipState, string>> = {
  awaiting_confirmation: "An owner or admin has yet to confirm you; until then you cannot act in this organization. Ask them to confirm you.",
  suspended: "An admin suspended you: your keys and sessions in this organization stop working. Ask an owner or admin to reactivate you.",
};

function NoOrganization({ csrfToken, selfService }: { csrfToken: string; selfService: boolean }) {
  if (!selfService) {
    return <p class="muted">You do not belong to an organization yet. Ask an organization's owner or admin for an invitation.</p>;
  }
  return (
    <>
      <p class="muted">You do not belong to an organization yet. Start one — you become its owner — or ask for an invitation to an existing one.</p>
      <form class="inline-form" method="post" action="/organizations">
        <CsrfField token={csrfToken} />
        <label>
          Organization name
          <input type="text" name="name" required maxlength={200} autocomplete="organization" />
        </label>
        <button type="submit">Create organization</button>
      </form>
    </>
  );
}

export function AccountPage({
  user,
  csrfToken,
  overview,
  now,
  notice,
  selfService,
}: {
  user: SessionUser;
  csrfToken: string;
  overview: Overview;
  now: Date;
  notice?: string | undefined;
  selfService: boolean;
}) {
  return (
    <Layout title="Your account" user={user} csrfToken={csrfToken} current="account">
      <h1>{user.name ?? user.email}</h1>
      <p class="lead">{user.email}</p>
      {notice ? <Alert kind="ok">{notice}</Alert> : null}
      <section class="card" aria-labelledby="orgs">
        <h2 id="orgs">Organizations</h2>
        {overview.organizations.length === 0 ? (
          <NoOrganization csrfToken={csrfToken} selfService={selfService} />
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Role</th>
                <th scope="col">Membership</th>
              </tr>
            </thead>
            <tbody>
              {overview.organizations.map((o) => (
                <tr>
                  <td>{o.role === "owner" || o.role === "admin" ? <a href={`/orgs/${o.id}/people`}>{o.name}</a> : o.name}</td>
                  <td>
                    <span class="badge">{o.role}</span>
                  </td>
                  <td>
                    {STATE_LABELS[o.state]}
                    {MEMBERSHIP_NOTES[o.state] ? <div class="muted small">{MEMBERSHIP_NOTES[o.state]}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="projects">
        <h2 id="projects">Projects</h2>
        {overview.projects.length === 0 ? <p class="muted">No projects yet.</p> : null}
        {overview.projects.map((p) => (
          <article class="card" data-project-id={p.id}>
            <h3>{p.name}</h3>
            <p class="muted">
              {p.organization_name} · <code>{p.id}</code>
            </p>
            <h4>Agents</h4>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Identifier</th>
                  <th scope="col">Id</th>
                </tr>
              </thead>
              <tbody>
                {p.agents.map((a) => (
                  <tr>
                    <td>
                      {a.name} {a.is_default ? <span class="badge off">default</span> : null}
                    </td>
                    <td>
                      <code>{a.identifier}</code>
                    </td>
                    <td>
                      <code>{a.id}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h4>API keys</h4>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.keys.map((k) => {
                  const status = keyStatus({ revokedAt: k.revoked_at, expiresAt: k.expires_at }, now);
                  return (
                    <tr>
                      <td>{k.name}</td>
                      <td>
                        <code>{k.display_prefix}…</code>
                      </td>
                      <td>
                        <span class={`badge ${status === "active" ? "ok" : "off"}`}>{status}</span>
                      </td>
                      <td>{k.last_used_at ? formatTime(k.last_used_at) : "never"}</td>
                      <td>
                        {status === "active" && !k.replaced_by_key_id ? (
                          <div class="actions">
                            <form method="post" action={`/account/keys/${k.id}/roll`} class="inline">
                              <CsrfField token={csrfToken} />
                              <label class="visually-hidden" for={`grace-${k.id}`}>
                                Old key keeps working for
                              </label>
                              <select name="gracePeriod" id={`grace-${k.id}`} class="small">
                                <option value="0">stops now</option>
                                <option value="3600">1 hour</option>
                                <option value="86400">24 hours</option>
                              </select>
                              <button type="submit" class="secondary small">
                                Roll
                              </button>
                            </form>
                            <form method="post" action={`/account/keys/${k.id}/revoke`} class="inline">
                              <CsrfField token={csrfToken} />
                              <button type="submit" class="danger small">
                                Revoke
                              </button>
                            </form>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <form method="post" action={`/account/projects/${p.id}/keys`} class="inline-form">
              <CsrfField token={csrfToken} />
              <label>
                New key name
                <input type="text" name="name" required maxlength={200} placeholder="e.g. CI" />
              </label>
              <button type="submit">Create key</button>
            </form>
          </article>
        ))}
      </section>
    </Layout>
  );
}
