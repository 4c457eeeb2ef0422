import type { ScimNewPeople } from "../../../db/schema.js";
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
  /** What SCIM does for an address with no Handoff account (the policy's `scimNewPeople`). */
  newPeople: ScimNewPeople;
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
      <NewPeopleForm action={`${base}/new-people`} csrfToken={p.csrfToken} value={p.newPeople} owner={owner} />
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

/** The organization's choice for people the identity provider creates who have no Handoff account. */
function NewPeopleForm(p: { action: string; csrfToken: string; value: ScimNewPeople; owner: boolean }) {
  const choices: [ScimNewPeople, string, string][] = [
    ["provision", "Provision an account", "A placeholder account with a project, an API key and a claim link mailed to them: agents can start at once."],
    ["invitation", "Send an invitation", "An invitation mailed to them: they join when they accept it, with nothing created before."],
  ];
  return (
    <section class="card" aria-labelledby="scim-new-people">
      <h2 id="scim-new-people">People without a Handoff account</h2>
      <form class="stack" method="post" action={p.action}>
        <CsrfField token={p.csrfToken} />
        <fieldset>
          <legend>When the identity provider creates someone whose email has no account</legend>
          {choices.map(([value, label, hint]) => (
            <label class="check">
              <input type="radio" name="scimNewPeople" value={value} checked={p.value === value} disabled={!p.owner} aria-describedby={`new-people-${value}-hint`} />{" "}
              {label}
              <span class="hint" id={`new-people-${value}-hint`}>
                {hint}
              </span>
            </label>
          ))}
        </fieldset>
        {p.owner ? (
          <div class="actions">
            <button type="submit">Save</button>
          </div>
        ) : (
          <p class="muted">Only owners change this: it is part of the team policy.</p>
        )}
      </form>
    </section>
  );
}
