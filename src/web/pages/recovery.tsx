import type { FieldError } from "../../domain/errors.js";
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
