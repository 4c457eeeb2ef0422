import { keyStatus } from "../../domain/api-key.js";
import { formatTime } from "../format.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { accountOverview } from "../../services/accounts/account-overview.js";
import { Alert, CsrfField } from "../components.js";
import { Layout } from "../layout.js";
import type { MembershipState } from "../../../db/schema.js";
import { STATE_LABELS } from "./people.js";

type Overview = Awaited<ReturnType<typeof accountOverview>>;
type OverviewProject = Overview["projects"][number];

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

/** Roll: a new key replaces this one; the old one stops now or after a grace period. */
function RollKeyForm({ keyId, csrfToken, idPrefix = "grace" }: { keyId: string; csrfToken: string; idPrefix?: string }) {
  return (
    <form method="post" action={`/account/keys/${keyId}/roll`} class="inline">
      <CsrfField token={csrfToken} />
      <label class="visually-hidden" for={`${idPrefix}-${keyId}`}>
        Old key keeps working for
      </label>
      <select name="gracePeriod" id={`${idPrefix}-${keyId}`} class="small">
        <option value="0">stops now</option>
        <option value="3600">1 hour</option>
        <option value="86400">24 hours</option>
      </select>
      <button type="submit" class="secondary small">
        Roll
      </button>
    </form>
  );
}

/** The provisioned key, while it still works: the person who provisioned the account has seen it. */
function seenKey(p: OverviewProject, now: Date) {
  const key = p.keys.find((k) => k.id === p.provisionedKeyId);
  if (!key || key.replaced_by_key_id) return null;
  return keyStatus({ revokedAt: key.revoked_at, expiresAt: key.expires_at }, now) === "active" ? key : null;
}

function SeenKeyNotice({ project, now, csrfToken }: { project: OverviewProject; now: Date; csrfToken: string }) {
  const key = seenKey(project, now);
  if (!key) return null;
  return (
    <div class="alert warn" role="status" data-seen-key={key.id}>
      <p>
        Whoever provisioned this account has seen its API key <strong>{key.name}</strong> (<code>{key.display_prefix}…</code>). Roll it to get a key only
        you know; agents using the old key need the new one.
      </p>
      <RollKeyForm keyId={key.id} csrfToken={csrfToken} idPrefix="seen-grace" />
    </div>
  );
}

// Tables carry tabindex=0: on phones they scroll sideways, and a scrollable region must be reachable
// by keyboard (axe: scrollable-region-focusable).
type AccountPageProps = {
  user: SessionUser;
  csrfToken: string;
  overview: Overview;
  now: Date;
  notice?: string | undefined;
  /** `?org=`: one of the person's organizations, whose projects the page shows (e.g. right after a claim). */
  organizationId?: string | undefined;
  /** Whether a person may create an organization of their own (SELF_SERVICE_ORGS). */
  selfService: boolean;
};

export function AccountPage({ user, csrfToken, overview, now, notice, organizationId, selfService }: AccountPageProps) {
  const context = overview.organizations.find((o) => o.id === organizationId);
  const manages = context && (context.role === "owner" || context.role === "admin");
  const projects = context ? overview.projects.filter((p) => p.organization_id === context.id) : overview.projects;
  return (
    <Layout title={context ? `${context.name} · Your account` : "Your account"} user={user} csrfToken={csrfToken} current="account" teamOrganizationId={manages ? context.id : undefined}>
      <h1>{user.name ?? user.email}</h1>
      <p class="lead">{user.email}</p>
      {notice ? <Alert kind="ok">{notice}</Alert> : null}
      <AddressStatus address={overview.address} csrfToken={csrfToken} />
      <TwoStepSection twoStep={overview.twoStep} csrfToken={csrfToken} />
      {context ? (
        <section class="card" aria-labelledby="context" data-organization-context={context.id}>
          <h2 id="context">{context.name}</h2>
          <p>
            You are <span class="badge">{context.role}</span> here.{" "}
            {manages ? <a href={`/orgs/${context.id}/team`}>Open its Team page</a> : null}
          </p>
          <p class="muted">
            Showing this organization's projects. <a href="/account">All organizations</a>
          </p>
        </section>
      ) : null}
      <section class="card" aria-labelledby="orgs">
        <h2 id="orgs">Organizations</h2>
        {overview.organizations.length === 0 ? (
          <NoOrganization csrfToken={csrfToken} selfService={selfService} />
        ) : (
          <table tabindex={0} aria-label="Your organizations">
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
        {projects.length === 0 ? <p class="muted">No projects yet.</p> : null}
        {projects.map((p) => (
          <article class="card" data-project-id={p.id}>
            <h3>{p.name}</h3>
            <p class="muted">
              {p.organization_name} · <code>{p.id}</code>
            </p>
            <SeenKeyNotice project={p} now={now} csrfToken={csrfToken} />
            <h4>Agents</h4>
            <table tabindex={0} aria-label="Agents">
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
            <table tabindex={0} aria-label="API keys">
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
                      <td>
                        {k.name} {seenKey(p, now)?.id === k.id ? <span class="badge off">seen by provisioner</span> : null}
                      </td>
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
                            <RollKeyForm keyId={k.id} csrfToken={csrfToken} />
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

/** What is pending about the person's address: verified, or a link to follow (and a button for a new one). */
function AddressStatus({ address, csrfToken }: { address: Overview["address"]; csrfToken: string }) {
  if (address.verifiedAt) return null;
  return (
    <section class="card" aria-labelledby="address" data-address-pending>
      <h2 id="address">Verify your email address</h2>
      {address.canMail ? (
        <>
          <p>
            <strong>{address.email}</strong> is not verified yet: open the link we mailed to it. Until then, claim links and invitations made
            out to this address can only be taken through the link mailed with them.
          </p>
          <form method="post" action="/account/verify-email">
            <CsrfField token={csrfToken} />
            <button type="submit" class="secondary">
              Send a new verification link
            </button>
          </form>
        </>
      ) : (
        <p class="muted">
          <strong>{address.email}</strong> is not verified: this server sends no mail, so nothing waits on it.
        </p>
      )}
    </section>
  );
}

/** Two-step login: on (with recovery codes left, and a password-guarded Turn off) or a Turn on button. */
function TwoStepSection({ twoStep, csrfToken }: { twoStep: Overview["twoStep"]; csrfToken: string }) {
  return (
    <section class="card" aria-labelledby="two-step" data-two-step={twoStep.enabled ? "on" : "off"}>
      <h2 id="two-step">Two-step login</h2>
      {twoStep.enabled ? (
        <>
          <p>
            <span class="badge ok">on</span> Logging in asks for a code from your authenticator app. {twoStep.recoveryCodesLeft} recovery codes left.
          </p>
          <form class="stack" method="post" action="/account/two-step/disable">
            <CsrfField token={csrfToken} />
            <label for="two-step-password">Your password, to turn it off</label>
            <input id="two-step-password" name="password" type="password" autocomplete="current-password" required />
            <button type="submit" class="danger">
              Turn off two-step login
            </button>
          </form>
        </>
      ) : twoStep.available ? (
        <form method="post" action="/account/two-step/start">
          <CsrfField token={csrfToken} />
          <p class="muted">Ask for a code from an authenticator app at every login, beside your password.</p>
          <button type="submit" class="secondary">
            Turn on two-step login
          </button>
        </form>
      ) : (
        <p class="muted">This server has no sealing key (HANDOFF_SEALING_KEY), so it cannot keep two-step secrets.</p>
      )}
    </section>
  );
}
