import type { FieldError } from "../../domain/errors.js";
import { Alert, CsrfField, Field } from "../components.js";
import { Layout, withNext } from "../layout.js";

type AuthPageProps = { csrfToken: string; next?: string | undefined; error?: string | undefined; errors?: FieldError[] | undefined; values?: Record<string, string> };


export function LoginPage({ csrfToken, next, error, errors, values = {} }: AuthPageProps) {
  return (
    <Layout title="Log in" narrow csrfToken={csrfToken}>
      <div class="card">
        <h1>Log in</h1>
        <p class="lead">Welcome back.</p>
        {error ? <Alert kind="error">{error}</Alert> : null}
        <form class="stack" method="post" action={withNext("/login", next)}>
          <CsrfField token={csrfToken} />
          <Field label="Email" name="email" type="email" autocomplete="email" value={values.email} errors={errors} />
          <Field label="Password" name="password" type="password" autocomplete="current-password" errors={errors} />
          <button type="submit">Log in</button>
        </form>
        <p class="muted">
          No account yet? <a href={withNext("/signup", next)}>Sign up</a>
        </p>
      </div>
    </Layout>
  );
}

export function SignupPage({ csrfToken, next, error, errors, values = {} }: AuthPageProps) {
  return (
    <Layout title="Sign up" narrow csrfToken={csrfToken}>
      <div class="card">
        <h1>Create your account</h1>
        <p class="lead">One account for every organization you work with.</p>
        {error ? <Alert kind="error">{error}</Alert> : null}
        <form class="stack" method="post" action={withNext("/signup", next)}>
          <CsrfField token={csrfToken} />
          <SignupFields values={values} errors={errors} />
          <button type="submit">Sign up</button>
        </form>
        <p class="muted">
          Already have an account? <a href={withNext("/login", next)}>Log in</a>
        </p>
      </div>
    </Layout>
  );
}

/**
 * Name, Email, Password: shared by sign-up, claim and owner setup. `lockedEmail`: the address cannot be
 * changed here, and this says why.
 */
export function SignupFields({ values = {}, errors, lockedEmail }: { values?: Record<string, string>; errors?: FieldError[] | undefined; lockedEmail?: string | undefined }) {
  return (
    <>
      <Field label="Name" name="name" autocomplete="name" value={values.name} errors={errors} />
      <Field
        label="Email"
        name="email"
        type="email"
        autocomplete="email"
        value={values.email}
        readonly={lockedEmail !== undefined}
        hint={lockedEmail}
        errors={errors}
      />
      <Field label="Password" name="password" type="password" autocomplete="new-password" hint="At least 10 characters." errors={errors} />
    </>
  );
}
