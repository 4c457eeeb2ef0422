import type { FieldError } from "../../domain/errors.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { CopyRow } from "./provision-form.js";
import { formatTime } from "../format.js";
import { Alert, CsrfField, Field } from "../components.js";
import { Layout } from "../layout.js";

/** The recovery link's page: whose account, and a new password (typed twice). */
export function RecoveryPage(props: {
  token: string;
  csrfToken: string;
  organizationName: string;
  email: string | null;
  expiresAt: Date;
  error?: string | undefined;
  errors?: FieldError[] | undefined;
}) {
  return (
    <Layout title="Recover your account" narrow csrfToken={props.csrfToken}>
      <div class="card">
        <h1>Recover your account</h1>
        <p class="lead">
          An admin of {props.organizationName} started the recovery of {props.email ?? "your account"}. Choose a new password. Two-step login is turned off by
          the recovery; turn it on again from your account page afterwards.
        </p>
        {props.error ? <Alert kind="error">{props.error}</Alert> : null}
        <form class="stack" method="post" action={`/recover/${props.token}`}>
          <CsrfField token={props.csrfToken} />
          {/* The account's address, for password managers to file the new password under. */}
          <input type="hidden" name="username" autocomplete="username" value={props.email ?? ""} />
          <Field label="New password" name="password" type="password" autocomplete="new-password" hint="At least 10 characters." errors={props.errors} />
          <Field label="New password again" name="confirm" type="password" autocomplete="new-password" errors={props.errors} />
          <button type="submit">Set new password</button>
        </form>
        <p class="muted small">This link works once, until {formatTime(props.expiresAt)}.</p>
      </div>
    </Layout>
  );
}

/** After Start recovery on a server that sends no mail: the link, shown once, for the admin to hand over. */
export function RecoveryStartedPage(p: { user: SessionUser; csrfToken: string; organization: { id: string; name: string }; url: string; expiresAt: Date }) {
  return (
    <Layout title="Recovery started" user={p.user} csrfToken={p.csrfToken} current="team" narrow>
      <p>
        <a href={`/orgs/${p.organization.id}/people`}>← People</a>
      </p>
      <div class="card">
        <h1>Recovery started</h1>
        <p class="lead">Their old password no longer works and their sessions have ended. This server sends no mail: give them this link yourself.</p>
        <Alert kind="warn">
          <strong>The link is shown once.</strong> It works once and expires {formatTime(p.expiresAt)}. Once they set a new password, press Complete recovery on the People page.
        </Alert>
        <CopyRow id="recovery-url" label="Recovery link" value={p.url} />
      </div>
    </Layout>
  );
}
