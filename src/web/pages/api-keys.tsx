import type { ApiKey } from "../../../db/schema.js";
import { keyStatus } from "../../domain/api-key.js";
import { SCOPE_DESCRIPTIONS, TEAM_SCOPES, isTeamScope, mayGrant } from "../../domain/team-scopes.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { Standing } from "../../services/team/standing.js";
import { Alert, CsrfField } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { PostButton, TeamHead } from "./people.js";

/** How long a new key lives: the form's choices (seconds; "" none). */
export const KEY_EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "604800", label: "7 days" },
  { value: "2592000", label: "30 days" },
  { value: "7776000", label: "90 days" },
  { value: "31536000", label: "1 year" },
] as const;

export const ROLL_GRACE_CHOICES = [
  { value: "0", label: "Stop the old key now" },
  { value: "3600", label: "Old key works 1 more hour" },
  { value: "86400", label: "Old key works 24 more hours" },
] as const;

type Props = {
  user: SessionUser;
  csrfToken: string;
  standing: Standing;
  organization: { id: string; name: string };
  keys: ApiKey[];
  nextCursor: string | null;
  now: Date;
  notice?: string | undefined;
};

/** Scope checkboxes: only the scopes the viewer may grant can be ticked (the service checks again). */
export function ScopeChecks({ standing }: { standing: Standing }) {
  return (
    <fieldset>
      <legend>Scopes</legend>
      {TEAM_SCOPES.map((s) => (
        <label class="check">
          <input type="checkbox" name={`scope_${s}`} disabled={!mayGrant(standing.permissions, s)} /> <code>{s}</code> {SCOPE_DESCRIPTIONS[s]}
        </label>
      ))}
    </fieldset>
  );
}

/** The organization's API keys: what each may do, when it was last used; create, roll and revoke. */
export function ApiKeysPage(p: Props) {
  const base = `/orgs/${p.organization.id}/api-keys`;
  return (
    <Layout title={`API keys · ${p.organization.name}`} user={p.user} csrfToken={p.csrfToken} current="team">
      <TeamHead organization={p.organization} current="api-keys" />
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      <section class="card" aria-labelledby="keys">
        <h2 id="keys">Organization API keys</h2>
        <p class="muted">
          Keys for automation acting on the team. Each acts only within its scopes and what the person who created it still holds.
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.keys.map((k) => {
              const status = keyStatus({ revokedAt: k.revoked_at, expiresAt: k.expires_at }, p.now);
              return (
                <tr>
                  <td>
                    {k.name}
                    <div class="muted small">
                      <code>{k.display_prefix}…</code> · created {formatTime(k.created_at)} {k.created_by_user_id ? "" : "by the server"}
                    </div>
                  </td>
                  <td class="small">{k.scopes.filter(isTeamScope).join(", ")}</td>
                  <td>
                    {status}
                    {k.expires_at && status === "active" ? <div class="muted small">until {formatTime(k.expires_at)}</div> : null}
                    {k.replaced_by_key_id ? <div class="muted small">rolled</div> : null}
                  </td>
                  <td>{k.last_used_at ? formatTime(k.last_used_at) : "never"}</td>
                  <td>
                    {status === "active" && !k.replaced_by_key_id ? (
                      <div class="actions">
                        <PostButton action={`${base}/${k.id}/roll`} csrfToken={p.csrfToken} label="Roll">
                          <label class="visually-hidden" for={`grace-${k.id}`}>{`Grace period for ${k.name}`}</label>
                          <select class="small" id={`grace-${k.id}`} name="gracePeriod">
                            {ROLL_GRACE_CHOICES.map((c) => (
                              <option value={c.value}>{c.label}</option>
                            ))}
                          </select>
                        </PostButton>
                        <PostButton action={`${base}/${k.id}/revoke`} csrfToken={p.csrfToken} label="Revoke" kind="danger" />
                      </div>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {p.nextCursor ? (
          <p>
            <a href={`${base}?cursor=${encodeURIComponent(p.nextCursor)}`}>Older keys</a>
          </p>
        ) : null}
      </section>
      <section class="card" aria-labelledby="new-key">
        <h2 id="new-key">New API key</h2>
        <form class="stack" method="post" action={base}>
          <CsrfField token={p.csrfToken} />
          <div class="field">
            <label for="field-name">Name</label>
            <input id="field-name" type="text" name="name" required maxlength={200} />
          </div>
          <ScopeChecks standing={p.standing} />
          <label>
            Expires
            <select name="expiresIn" id="field-expiresIn">
              {KEY_EXPIRY_CHOICES.map((c) => (
                <option value={c.value}>{c.label}</option>
              ))}
            </select>
          </label>
          <div class="actions">
            <button type="submit">Create key</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
