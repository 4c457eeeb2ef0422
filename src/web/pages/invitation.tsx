import type { FieldError } from "../../domain/errors.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { Alert, CsrfField, Field, LoginInstead, RoleSelect } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { linkAction } from "../format.js";
import { SignupFields } from "./auth.js";
import { CopyRow, EXPIRY_CHOICES } from "./provision-form.js";

type Org = { id: string; name: string };

export function InviteFormPage(p: { user: SessionUser; csrfToken: string; organization: Org; values?: Record<string, string>; errors?: FieldError[] | undefined }) {
  const values = p.values ?? {};
  return (
    <Layout title="Invite" user={p.user} csrfToken={p.csrfToken} current="team" narrow>
      <p>
        <a href={`/orgs/${p.organization.id}/team`}>← {p.organization.name}</a>
      </p>
      <div class="card">
        <h1>Invite to {p.organization.name}</h1>
        <p class="lead">A single-use link that makes its visitor a member. To hand over a project and an API key as well, provision instead.</p>
        {p.errors?.length ? <Alert kind="error">Check the fields marked below.</Alert> : null}
        <form class="stack" method="post" action={`/orgs/${p.organization.id}/invitations`}>
          <CsrfField token={p.csrfToken} />
          <RoleSelect value={values.role} />
          <Field label="Email" name="email" type="email" required={false} value={values.email} errors={p.errors} hint="Optional. When set, only this address can accept." />
          <label>
            Link expires after
            <select name="expiresIn">
              {EXPIRY_CHOICES.map((c) => (
                <option value={String(c.seconds)} selected={(values.expiresIn ?? String(7 * 86400)) === String(c.seconds)}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Create invitation</button>
        </form>
      </div>
    </Layout>
  );
}

export function InviteCreatedPage(p: { user: SessionUser; csrfToken: string; organization: Org; url: string; role: string; expiresAt: Date }) {
  return (
    <Layout title="Invitation created" user={p.user} csrfToken={p.csrfToken} current="team" narrow>
      <p>
        <a href={`/orgs/${p.organization.id}/team`}>← {p.organization.name}</a>
      </p>
      <div class="card">
        <h1>Invitation created</h1>
        <Alert kind="warn">
          <strong>The link is shown once.</strong> Send it to the person; it makes them a {p.role} and expires {formatTime(p.expiresAt)}.
        </Alert>
        <CopyRow id="invite-url" label="Invitation link" value={p.url} />
      </div>
    </Layout>
  );
}

export function InvitationPage(p: {
  token: string;
  organizationName: string;
  role: string;
  email: string | null;
  user: SessionUser | null;
  csrfToken: string;
  error?: string | undefined;
  errors?: FieldError[] | undefined;
  values?: Record<string, string>;
  proof?: string | undefined;
}) {
  const action = linkAction(`/invite/${p.token}`, p.proof);
  return (
    <Layout title={`Join ${p.organizationName}`} narrow user={p.user} csrfToken={p.csrfToken}>
      <div class="card">
        <h1>You are invited to {p.organizationName}</h1>
        <p class="lead">Join as {p.role === "admin" ? "an admin" : "a member"}.</p>
        {p.error ? <Alert kind="error">{p.error}</Alert> : null}
        {p.user ? (
          <form class="stack" method="post" action={action}>
            <CsrfField token={p.csrfToken} />
            <p>
              You are logged in as <strong>{p.user.email}</strong>.
            </p>
            <button type="submit">Accept invitation</button>
          </form>
        ) : (
          <>
            <form class="stack" method="post" action={action}>
              <CsrfField token={p.csrfToken} />
              <SignupFields values={{ ...p.values, email: p.values?.email ?? p.email ?? "" }} errors={p.errors} lockedEmail={p.email !== null ? "This invitation is for this address." : undefined} />
              <button type="submit">Sign up</button>
            </form>
            <div class="or">or</div>
            <LoginInstead next={action} />
          </>
        )}
      </div>
    </Layout>
  );
}
