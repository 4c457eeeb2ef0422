import type { MembershipState, Role } from "../../../db/schema.js";
import { MEMBERSHIP_STATES } from "../../domain/membership-states.js";
import { PERMISSIONS, type Permission } from "../../domain/team-permissions.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { MemberView } from "../../services/team/members.js";
import type { PeopleFilter, deleteMemberView, groupView, groupsView, peopleView, policyView } from "../../services/team/people-view.js";
import type { Standing } from "../../services/team/standing.js";
import { Alert, CsrfField } from "../components.js";
import { formatTime } from "../format.js";
import { DeliveryStatus } from "../delivery.js";
import { Layout } from "../layout.js";

type Org = { id: string; name: string };
type Common = { user: SessionUser; csrfToken: string; standing: Standing; notice?: string | undefined };

export const STATE_LABELS: Record<MembershipState, string> = {
  pending: "Provisioned, not claimed",
  awaiting_confirmation: "Awaiting confirmation",
  active: "Active",
  suspended: "Suspended",
  recovery_started: "Recovery started",
  recovery_accepted: "Recovery accepted",
};

const ROLES: Role[] = ["owner", "admin", "member"];

/** How long a suspended person's devices keep working: the Suspend choices (seconds). */
export const DEAUTHORIZE_CHOICES = [
  { seconds: 0, label: "Deauthorize devices now" },
  { seconds: 600, label: "after 10 minutes" },
  { seconds: 3600, label: "after 1 hour" },
  { seconds: 86_400, label: "after 24 hours" },
] as const;

const PERMISSION_LABELS: Record<Permission, string> = {
  provision: "Provision and invite people",
  confirm: "Confirm people",
  recover: "Start account recovery",
  suspend: "Suspend and reactivate people",
  delete: "Delete people",
  manage_roles: "Change roles",
  manage_groups: "Manage groups",
  manage_integrations: "Manage integrations",
  read_audit: "Read the audit log",
};

const can = (s: Standing, p: Permission) => s.permissions.includes(p);

export type TeamSection = "overview" | "people" | "groups" | "policy" | "scim" | "settings" | "activity" | "api-keys" | "webhooks" | "reports" | "oauth-apps";

/** The team pages' sub-navigation. */
export function TeamNav({ organizationId, current }: { organizationId: string; current: TeamSection }) {
  const base = `/orgs/${organizationId}`;
  const links: [TeamSection, string, string][] = [
    ["overview", `${base}/team`, "Provisions"],
    ["people", `${base}/people`, "People"],
    ["groups", `${base}/groups`, "Groups"],
    ["policy", `${base}/policy`, "Policy"],
    ["scim", `${base}/scim`, "SCIM"],
    ["settings", `${base}/settings`, "Settings"],
    ["activity", `${base}/activity`, "Activity"],
    ["api-keys", `${base}/api-keys`, "API keys"],
    ["oauth-apps", `${base}/oauth-apps`, "OAuth apps"],
    ["webhooks", `${base}/webhooks`, "Webhooks"],
    ["reports", `${base}/reports`, "Reports"],
  ];
  return (
    <nav class="filters" aria-label="Team">
      {links.map(([key, href, label]) => (
        <a href={href} aria-current={current === key ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

/** Team pages share a heading and the sub-navigation. */
export function TeamHead({ organization, current, children }: { organization: Org; current: TeamSection; children?: unknown }) {
  return (
    <>
      <div class="page-head">
        <div>
          <h1>{organization.name}</h1>
        </div>
        {children ? <div class="actions">{children}</div> : null}
      </div>
      <TeamNav organizationId={organization.id} current={current} />
    </>
  );
}

export function PostButton({
  action,
  csrfToken,
  label,
  kind = "secondary",
  size = "small",
  children,
}: {
  action: string;
  csrfToken: string;
  label: string;
  kind?: string;
  size?: "small" | "";
  children?: unknown;
}) {
  return (
    <form class="inline" method="post" action={action}>
      <CsrfField token={csrfToken} />
      {children}
      <button class={`${size} ${kind}`.trim() || undefined} type="submit">
        {label}
      </button>
    </form>
  );
}

function who(m: Pick<MemberView, "name" | "email" | "userId">) {
  return m.name ?? m.email ?? m.userId;
}

function MemberActions({ m, props, base }: { m: MemberView; props: Common; base: string }) {
  const s = props.standing;
  const self = m.userId === s.userId;
  const url = `${base}/people/${m.userId}`;
  const name = who(m);
  const out: unknown[] = [];
  if (m.state === "awaiting_confirmation" && can(s, "confirm")) out.push(<PostButton action={`${url}/confirm`} csrfToken={props.csrfToken} label={`Confirm`} kind="" />);
  // The identity provider decides a SCIM-managed member's state; an owner may unlink them first.
  const locked = m.scimManaged;
  if (locked && s.role === "owner" && can(s, "manage_integrations")) {
    out.push(<PostButton action={`${url}/unlink-scim`} csrfToken={props.csrfToken} label="Unlink from SCIM" />);
  }
  if (m.state !== "suspended" && can(s, "suspend") && !self && !locked) {
    out.push(
      <PostButton action={`${url}/suspend`} csrfToken={props.csrfToken} label="Suspend" kind="danger">
        <label class="visually-hidden" for={`deauth-${m.userId}`}>{`When ${name}'s devices stop working`}</label>
        <select class="small" id={`deauth-${m.userId}`} name="deauthorizeAfter">
          {DEAUTHORIZE_CHOICES.map((c) => (
            <option value={String(c.seconds)}>{c.label}</option>
          ))}
        </select>
      </PostButton>,
    );
  }
  if (m.state === "suspended" && can(s, "suspend") && !locked) out.push(<PostButton action={`${url}/reactivate`} csrfToken={props.csrfToken} label="Reactivate" kind="" />);
  if (m.state === "suspended" && can(s, "delete") && !locked) {
    out.push(
      <a class="button small danger" href={`${url}/delete`}>
        Delete…
      </a>,
    );
  }
  if (can(s, "recover")) out.push(...RecoveryActions({ m, self, props, url }));
  if (can(s, "manage_roles") && !self && m.state !== "pending") {
    out.push(
      <PostButton action={`${url}/role`} csrfToken={props.csrfToken} label="Change role">
        <label class="visually-hidden" for={`role-${m.userId}`}>{`Role of ${name}`}</label>
        <select class="small" id={`role-${m.userId}`} name="role">
          {ROLES.filter((r) => r !== "owner" || s.role === "owner").map((r) => (
            <option value={r} selected={r === m.role}>
              {r}
            </option>
          ))}
        </select>
      </PostButton>,
    );
  }
  return out.length ? <div class="actions">{out}</div> : <span class="muted">—</span>;
}

const RECOVERY_HINTS: Partial<Record<MembershipState, string>> = {
  recovery_started: "waiting for them to set a new password",
  recovery_accepted: "new password set: complete to let them in",
};

/**
 * Start recovery for an active person with an account (an owner only when the viewer is one: the
 * service refuses the rest anyway); Complete once they set a password; Cancel in either recovery state.
 */
function RecoveryActions({ m, self, props, url }: { m: MemberView; self: boolean; props: Common; url: string }): unknown[] {
  const s = props.standing;
  const out: unknown[] = [];
  if (m.state === "active" && !self && m.email && (m.role !== "owner" || s.role === "owner")) {
    out.push(<PostButton action={`${url}/recovery/start`} csrfToken={props.csrfToken} label="Start recovery" />);
  }
  if (m.state === "recovery_accepted") out.push(<PostButton action={`${url}/recovery/complete`} csrfToken={props.csrfToken} label="Complete recovery" kind="" />);
  if (m.state === "recovery_started" || m.state === "recovery_accepted") {
    out.push(<PostButton action={`${url}/recovery/cancel`} csrfToken={props.csrfToken} label="Cancel recovery" />);
  }
  return out;
}

export function PeoplePage(props: Common & { view: Awaited<ReturnType<typeof peopleView>>; filter: PeopleFilter }) {
  const { organization, members, groups, invitations } = props.view;
  const base = `/orgs/${organization.id}`;
  const f = props.filter;
  const awaiting = members.data.some((m) => m.state === "awaiting_confirmation");
  return (
    <Layout title={`People · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={organization} current="people">
        {can(props.standing, "provision") ? (
          <a class="button secondary" href={`${base}/invitations/new`}>
            Invite
          </a>
        ) : null}
        {can(props.standing, "confirm") && (awaiting || f.state === "awaiting_confirmation") ? (
          <PostButton action={`${base}/people/confirm-all`} csrfToken={props.csrfToken} label="Confirm all" kind="" size="" />
        ) : null}
      </TeamHead>
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="people">
        <h2 id="people">People</h2>
        <form class="inline-form" method="get" action={`${base}/people`} role="search" aria-label="Filter people">
          <label>
            Search
            <input type="text" name="q" value={f.q ?? ""} placeholder="Name or email" />
          </label>
          <label>
            State
            <select name="state">
              <option value="">Any state</option>
              {MEMBERSHIP_STATES.map((s) => (
                <option value={s} selected={s === f.state}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Role
            <select name="role">
              <option value="">Any role</option>
              {ROLES.map((r) => (
                <option value={r} selected={r === f.role}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Group
            <select name="group">
              <option value="">Any group</option>
              {groups.map((g) => (
                <option value={g.id} selected={g.id === f.group}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <button class="secondary" type="submit">
            Filter
          </button>
        </form>
        {members.data.length === 0 ? (
          <p class="muted">Nobody matches.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Groups</th>
                <th scope="col">Mail</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr data-user-id={m.userId}>
                  <td>
                    {m.name ?? "—"}
                    <div class="muted small">{m.email ?? "not claimed yet"}</div>
                  </td>
                  <td>
                    <span class="badge">{m.role}</span>
                  </td>
                  <td>
                    {STATE_LABELS[m.state]}
                    {m.scimManaged ? <div class="muted small">Managed by SCIM</div> : null}
                    {m.state === "suspended" && m.deauthorizeAt ? <div class="muted small">devices stop {formatTime(m.deauthorizeAt)}</div> : null}
                    {RECOVERY_HINTS[m.state] ? <div class="muted small">{RECOVERY_HINTS[m.state]}</div> : null}
                  </td>
                  <td>{m.groups.map((g) => g.name).join(", ") || "—"}</td>
                  <td>
                    <DeliveryStatus delivery={m.delivery} withKind />
                  </td>
                  <td>
                    <MemberActions m={m} props={props} base={base} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {members.nextCursor ? (
          <p class="actions">
            <a
              class="button secondary"
              href={`${base}/people?${new URLSearchParams({ ...(Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Record<string, string>), cursor: members.nextCursor })}`}
            >
              Next page
            </a>
          </p>
        ) : null}
      </section>
      {invitations ? (
        <section class="card" aria-labelledby="invitations">
          <h2 id="invitations">Invitations</h2>
          {invitations.length === 0 ? (
            <p class="muted">No invitations yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">State</th>
                  <th scope="col">Mail</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr>
                    <td>{i.email ?? "anyone with the link"}</td>
                    <td>{i.role}</td>
                    <td>
                      <span class={`badge ${i.state === "accepted" ? "ok" : i.state === "pending" ? "" : "off"}`}>{i.state}</span>
                    </td>
                    <td>
                      <DeliveryStatus delivery={i.delivery} />
                    </td>
                    <td>{formatTime(new Date(i.expiresAt))}</td>
                    <td>
                      {i.state === "pending" || i.state === "expired" ? (
                        <div class="actions">
                          <PostButton action={`${base}/invitations/${i.id}/resend`} csrfToken={props.csrfToken} label="Resend" />
                          {i.state === "pending" ? <PostButton action={`${base}/invitations/${i.id}/revoke`} csrfToken={props.csrfToken} label="Revoke" kind="danger" /> : null}
                        </div>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </Layout>
  );
}

export function DeleteMemberPage(props: Common & { view: Awaited<ReturnType<typeof deleteMemberView>> }) {
  const { organization, member, recipients } = props.view;
  const base = `/orgs/${organization.id}`;
  return (
    <Layout title={`Delete ${who(member)}`} user={props.user} csrfToken={props.csrfToken} current="team" narrow>
      <h1>{`Delete ${who(member)}?`}</h1>
      <p class="lead">
        They leave {organization.name}. Their account and anything outside this organization stay. Choose where the projects they own here go.
      </p>
      <form class="stack card" method="post" action={`${base}/people/${member.userId}/delete`}>
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>Their projects, agents and keys</legend>
          <label class="check">
            <input type="radio" name="projects" value="delete" checked /> Delete them
          </label>
          {recipients.length ? (
            <label class="check">
              <input type="radio" name="projects" value="transfer" /> Transfer them to a member
            </label>
          ) : null}
        </fieldset>
        {recipients.length ? (
          <div class="field">
            <label for="field-transferTo">Member who receives them</label>
            <select id="field-transferTo" name="transferTo">
              {recipients.map((r) => (
                <option value={r.userId}>{`${who(r)}${r.email && r.name ? ` (${r.email})` : ""}`}</option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="actions">
          <button class="danger" type="submit">
            Delete {who(member)}
          </button>
          <a class="button secondary" href={`${base}/people`}>
            Keep them
          </a>
        </div>
      </form>
    </Layout>
  );
}

function PermissionChecks({ selected, disabled }: { selected: readonly Permission[]; disabled: boolean }) {
  return (
    <fieldset>
      <legend>Permissions</legend>
      {PERMISSIONS.map((p) => (
        <label class="check">
          <input type="checkbox" name={`perm_${p}`} checked={selected.includes(p)} disabled={disabled} /> {PERMISSION_LABELS[p]}
        </label>
      ))}
    </fieldset>
  );
}

export function GroupsPage(props: Common & { view: Awaited<ReturnType<typeof groupsView>> }) {
  const { organization, groups } = props.view;
  const base = `/orgs/${organization.id}`;
  const manage = can(props.standing, "manage_groups");
  return (
    <Layout title={`Groups · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={organization} current="groups" />
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="groups">
        <h2 id="groups">Groups</h2>
        <p class="muted">A group gives its members permissions on top of their role.</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Permissions</th>
              <th scope="col">Members</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr>
                <td>
                  <a href={`${base}/groups/${g.id}`}>{g.name}</a>
                  {g.builtin ? <span class="badge off">built-in</span> : null}
                  <div class="muted small">{g.description}</div>
                </td>
                <td>{g.permissions.join(", ") || "—"}</td>
                <td>{g.memberCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {manage ? (
        <section class="card" aria-labelledby="new-group">
          <h2 id="new-group">New group</h2>
          <form class="stack" method="post" action={`${base}/groups`}>
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-name">Name</label>
              <input id="field-name" type="text" name="name" required maxlength={100} />
            </div>
            <div class="field">
              <label for="field-description">Description</label>
              <input id="field-description" type="text" name="description" maxlength={500} />
            </div>
            <PermissionChecks selected={[]} disabled={false} />
            <div class="actions">
              <button type="submit">Create group</button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export function GroupPage(props: Common & { view: Awaited<ReturnType<typeof groupView>> }) {
  const { organization, group, members, candidates } = props.view;
  const base = `/orgs/${organization.id}/groups/${group.id}`;
  const manage = can(props.standing, "manage_groups");
  return (
    <Layout title={`${group.name} · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={organization} current="groups" />
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="group">
        <h2 id="group">{group.name}</h2>
        <form class="stack" method="post" action={base}>
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-name">Name</label>
            <input id="field-name" type="text" name="name" value={group.name} required maxlength={100} disabled={!manage} />
          </div>
          <div class="field">
            <label for="field-description">Description</label>
            <input id="field-description" type="text" name="description" value={group.description} maxlength={500} disabled={!manage} />
          </div>
          <PermissionChecks selected={group.permissions} disabled={!manage} />
          {manage ? (
            <div class="actions">
              <button type="submit">Save group</button>
            </div>
          ) : null}
        </form>
        {manage && !group.builtin ? (
          <p class="actions">
            <PostButton action={`${base}/delete`} csrfToken={props.csrfToken} label="Delete group" kind="danger" />
          </p>
        ) : group.builtin ? (
          <p class="muted">A built-in group: it can be edited but not deleted.</p>
        ) : null}
      </section>
      <section class="card" aria-labelledby="group-members">
        <h2 id="group-members">Members</h2>
        {members.length === 0 ? <p class="muted">Nobody is in this group.</p> : null}
        <ul class="plain">
          {members.map((m) => (
            <li class="actions">
              {who(m)}
              {manage ? <PostButton action={`${base}/members/${m.userId}/remove`} csrfToken={props.csrfToken} label={`Remove`} /> : null}
            </li>
          ))}
        </ul>
        {manage && candidates.length ? (
          <form class="inline-form" method="post" action={`${base}/members`}>
            <CsrfField token={props.csrfToken} />
            <label>
              Person to add
              <select name="userId">
                {candidates.map((m) => (
                  <option value={m.userId}>{who(m)}</option>
                ))}
              </select>
            </label>
            <button type="submit">Add to group</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}

export function PolicyPage(props: Common & { view: Awaited<ReturnType<typeof policyView>> }) {
  const { organization, policy } = props.view;
  const owner = props.standing.role === "owner";
  return (
    <Layout title={`Policy · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={organization} current="policy" />
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="policy">
        <h2 id="policy">Team policy</h2>
        {owner ? null : <p class="muted">Only owners change the policy.</p>}
        <form class="stack" method="post" action={`/orgs/${organization.id}/policy`}>
          <CsrfField token={props.csrfToken} />
          <label class="check">
            <input type="checkbox" name="confirmationRequired" checked={policy.confirmationRequired} disabled={!owner} /> New members wait for an admin to confirm them
          </label>
          <div class="field">
            <label for="field-deletePermission">Who may delete people</label>
            <select id="field-deletePermission" name="deletePermission" disabled={!owner}>
              <option value="owners" selected={policy.deletePermission === "owners"}>
                Owners only
              </option>
              <option value="admins" selected={policy.deletePermission === "admins"}>
                Owners and admins
              </option>
            </select>
          </div>
          <div class="field">
            <label for="field-requireTwoStep">Require two-step login</label>
            <span class="hint" id="field-requireTwoStep-hint">
              Whom it covers must turn on two-step login before they can use this organization's pages (you too).
            </span>
            <select id="field-requireTwoStep" name="requireTwoStep" aria-describedby="field-requireTwoStep-hint" disabled={!owner}>
              <option value="none" selected={policy.requireTwoStep === "none"}>
                Nobody
              </option>
              <option value="admins" selected={policy.requireTwoStep === "admins"}>
                Owners and admins
              </option>
              <option value="everyone" selected={policy.requireTwoStep === "everyone"}>
                Everyone
              </option>
            </select>
          </div>
          <div class="field">
            <label for="field-autoDelete">Delete suspended people after (days)</label>
            <span class="hint" id="field-autoDelete-hint">
              Empty: never.
            </span>
            <input
              id="field-autoDelete"
              type="text"
              inputmode="numeric"
              name="autoDeleteSuspendedAfterDays"
              value={policy.autoDeleteSuspendedAfterDays === null ? "" : String(policy.autoDeleteSuspendedAfterDays)}
              aria-describedby="field-autoDelete-hint"
              disabled={!owner}
            />
          </div>
          {owner ? (
            <div class="actions">
              <button type="submit">Save policy</button>
            </div>
          ) : null}
        </form>
      </section>
    </Layout>
  );
}

export function SettingsPage(props: Common & { organization: Org }) {
  const { organization } = props;
  const owner = props.standing.role === "owner";
  return (
    <Layout title={`Settings · ${organization.name}`} user={props.user} csrfToken={props.csrfToken} current="team">
      <TeamHead organization={organization} current="settings" />
      {props.notice ? <Alert kind="ok">{props.notice}</Alert> : null}
      <section class="card" aria-labelledby="settings">
        <h2 id="settings">Organization</h2>
        {owner ? (
          <form class="stack" method="post" action={`/orgs/${organization.id}/settings`}>
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-name">Organization name</label>
              <input id="field-name" type="text" name="name" value={organization.name} required maxlength={200} />
            </div>
            <div class="actions">
              <button type="submit">Rename</button>
            </div>
          </form>
        ) : (
          <p class="muted">Only owners rename the organization.</p>
        )}
      </section>
    </Layout>
  );
}
