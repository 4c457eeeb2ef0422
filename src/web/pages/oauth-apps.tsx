import { isTeamScope } from "../../domain/team-scopes.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { OAuthClient } from "../../services/oauth/clients.js";
import type { Standing } from "../../services/team/standing.js";
import { Alert, CsrfField } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { ScopeChecks } from "./api-keys.js";
import { PostButton, TeamHead } from "./people.js";

type Props = {
  user: SessionUser;
  csrfToken: string;
  standing: Standing;
  organization: { id: string; name: string };
  apps: OAuthClient[];
  nextCursor: string | null;
  notice?: string | undefined;
};

/** OAuth apps (client credentials) for security tooling: create (secret shown once), disable, enable, delete. */
export function OAuthAppsPage(p: Props) {
  const base = `/orgs/${p.organization.id}/oauth-apps`;
  return (
    <Layout title={`OAuth apps · ${p.organization.name}`} user={p.user} csrfToken={p.csrfToken} current="team">
      <TeamHead organization={p.organization} current="oauth-apps" />
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      <section class="card" aria-labelledby="apps">
        <h2 id="apps">OAuth apps</h2>
        <p class="muted">
          Clients of the token endpoint <code>POST /v1beta1/users/oauth2/token</code> (client credentials). Their 15-minute tokens act within
          the app's scopes and what its creator still holds.
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Last token</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.apps.map((a) => (
              <tr>
                <td>
                  {a.name}
                  <div class="muted small">
                    <code>{a.id}</code> · created {formatTime(a.created_at)}
                  </div>
                </td>
                <td class="small">{a.scopes.filter(isTeamScope).join(", ")}</td>
                <td>{a.disabled_at ? "disabled" : "active"}</td>
                <td>{a.last_used_at ? formatTime(a.last_used_at) : "never"}</td>
                <td>
                  <div class="actions">
                    {a.disabled_at ? (
                      <PostButton action={`${base}/${a.id}/enable`} csrfToken={p.csrfToken} label="Enable" />
                    ) : (
                      <PostButton action={`${base}/${a.id}/disable`} csrfToken={p.csrfToken} label="Disable" />
                    )}
                    <PostButton action={`${base}/${a.id}/delete`} csrfToken={p.csrfToken} label="Delete" kind="danger" />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {p.nextCursor ? (
          <p>
            <a href={`${base}?cursor=${encodeURIComponent(p.nextCursor)}`}>Older apps</a>
          </p>
        ) : null}
      </section>
      <section class="card" aria-labelledby="new-app">
        <h2 id="new-app">New OAuth app</h2>
        <form class="stack" method="post" action={base}>
          <CsrfField token={p.csrfToken} />
          <div class="field">
            <label for="field-name">Name</label>
            <input id="field-name" type="text" name="name" required maxlength={200} />
          </div>
          <ScopeChecks standing={p.standing} />
          <div class="actions">
            <button type="submit">Create app</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
