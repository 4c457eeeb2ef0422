import type { ScimTokenView } from "../../services/scim/tokens.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { Standing } from "../../services/team/standing.js";
import { Alert, CsrfField } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { PostButton, TeamHead } from "./people.js";
import { CopyRow } from "./provision-form.js";

type Props = {
  user: SessionUser;
  csrfToken: string;
  standing: Standing;
  organization: { id: string; name: string };
  tokens: ScimTokenView[];
  scimUrl: string;
  notice?: string | undefined;
  /** A token just created: shown this once. */
  created?: { name: string; token: string } | undefined;
};

/** SCIM: the base URL an identity provider needs, the organization's tokens, and (owners) creating and revoking them. */
export function ScimPage(p: Props) {
  const owner = p.standing.role === "owner";
  const base = `/orgs/${p.organization.id}/scim`;
  return (
    <Layout title={`SCIM · ${p.organization.name}`} user={p.user} csrfToken={p.csrfToken} current="team">
      <TeamHead organization={p.organization} current="scim" />
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      {p.created ? (
        <section class="card" aria-labelledby="created">
          <h2 id="created">Token created</h2>
          <Alert kind="warn">
            <strong>Copy the token now: it is shown once.</strong> Only a hash is kept, so it cannot be shown again.
          </Alert>
          <CopyRow id="scim-token" label={p.created.name} value={p.created.token} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="scim-setup">
        <h2 id="scim-setup">Connect an identity provider</h2>
        <p>Entra ID, Okta and other SCIM 2.0 clients create, update, deactivate and group people here.</p>
        <CopyRow id="scim-url" label="SCIM base URL (Tenant URL)" value={p.scimUrl} />
        <p class="muted">Use a token below as the Secret Token (Entra ID) or the API token with HTTP Header authentication (Okta).</p>
      </section>
      <section class="card" aria-labelledby="scim-tokens">
        <h2 id="scim-tokens">Tokens</h2>
        {p.tokens.length === 0 ? (
          <p class="muted">No token yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.displayPrefix}…</code>
                  </td>
                  <td>{formatTime(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : "Never"}</td>
                  <td>{t.revokedAt ? `Revoked ${formatTime(t.revokedAt)}` : "Active"}</td>
                  <td>
                    {owner && !t.revokedAt ? (
                      <PostButton action={`${base}/tokens/${t.id}/revoke`} csrfToken={p.csrfToken} label={`Revoke ${t.name}`} kind="danger" />
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {owner ? (
          <form class="stack" method="post" action={`${base}/tokens`}>
            <CsrfField token={p.csrfToken} />
            <div class="field">
              <label for="field-token-name">New token's name</label>
              <input id="field-token-name" type="text" name="name" required maxlength={100} placeholder="Entra ID" />
            </div>
            <div class="actions">
              <button type="submit">Create token</button>
            </div>
          </form>
        ) : (
          <p class="muted">Only owners create and revoke SCIM tokens: a token acts with an owner's standing.</p>
        )}
      </section>
    </Layout>
  );
}
