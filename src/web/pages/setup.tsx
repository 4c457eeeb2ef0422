import type { FieldError } from "../../domain/errors.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { Alert, CsrfField } from "../components.js";
import { Layout } from "../layout.js";
import { SignupFields } from "./auth.js";

export function SetupPage(props: {
  token: string;
  organizationName: string;
  user: SessionUser | null;
  csrfToken: string;
  error?: string | undefined;
  errors?: FieldError[] | undefined;
  values?: Record<string, string>;
}) {
  const action = `/setup/${props.token}`;
  return (
    <Layout title={`Set up ${props.organizationName}`} narrow user={props.user} csrfToken={props.csrfToken}>
      <div class="card">
        <h1>Become the owner of {props.organizationName}</h1>
        <p class="lead">This link was printed when Handoff first started. It works once: whoever uses it owns the organization.</p>
        {props.error ? <Alert kind="error">{props.error}</Alert> : null}
        <form class="stack" method="post" action={action}>
          <CsrfField token={props.csrfToken} />
          {props.user ? (
            <>
              <input type="hidden" name="action" value="existing" />
              <p>
                You are logged in as <strong>{props.user.email}</strong>.
              </p>
              <button type="submit">Become owner</button>
            </>
          ) : (
            <>
              <input type="hidden" name="action" value="new" />
              <SignupFields values={props.values} errors={props.errors} />
              <button type="submit">Create owner account</button>
            </>
          )}
        </form>
        {props.user ? null : (
          <p class="muted">
            Already have an account? <a href={`/login?next=${encodeURIComponent(action)}`}>Log in</a>
          </p>
        )}
      </div>
    </Layout>
  );
}
