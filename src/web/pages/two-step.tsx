import { raw } from "hono/html";
import type { FieldError } from "../../domain/errors.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { Alert, CsrfField, Field } from "../components.js";
import { Layout, withNext } from "../layout.js";

/** The login's second step: the authenticator's code, or a recovery code. */
export function TwoStepLoginPage(p: { csrfToken: string; next?: string | undefined; error?: string | undefined; errors?: FieldError[] | undefined }) {
  return (
    <Layout title="Two-step login" narrow csrfToken={p.csrfToken}>
      <div class="card">
        <h1>Enter your code</h1>
        <p class="lead">Open your authenticator app and enter the 6-digit code for Handoff, or one of your recovery codes.</p>
        {p.error ? <Alert kind="error">{p.error}</Alert> : null}
        <form class="stack" method="post" action={withNext("/login/two-step", p.next)}>
          <CsrfField token={p.csrfToken} />
          <Field label="Code" name="code" type="text" autocomplete="one-time-code" errors={p.errors} />
          <button type="submit">Log in</button>
        </form>
      </div>
    </Layout>
  );
}

/** Enrolment: the QR code (an SVG Handoff drew) and the secret, then a code to confirm. */
export function TwoStepEnrolPage(p: { user: SessionUser; csrfToken: string; svg: string; secret: string; next?: string | undefined; error?: string | undefined }) {
  return (
    <Layout title="Turn on two-step login" narrow user={p.user} csrfToken={p.csrfToken} current="account">
      <div class="card">
        <h1>Turn on two-step login</h1>
        <p class="lead">Scan this code with an authenticator app (or type the key), then enter the 6-digit code it shows.</p>
        <div class="qr" role="img" aria-label="QR code for your authenticator app">
          {raw(p.svg)}
        </div>
        <p>
          Key: <code data-totp-secret>{p.secret}</code>
        </p>
        {p.error ? <Alert kind="error">{p.error}</Alert> : null}
        <form class="stack" method="post" action={withNext("/account/two-step/confirm", p.next)}>
          <CsrfField token={p.csrfToken} />
          <Field label="Code" name="code" type="text" autocomplete="one-time-code" />
          <button type="submit">Turn on</button>
        </form>
      </div>
    </Layout>
  );
}

/** The ten recovery codes, shown once; then on to the page the person was going to, if any. */
export function RecoveryCodesPage(p: { user: SessionUser; csrfToken: string; codes: string[]; next?: string | undefined }) {
  return (
    <Layout title="Recovery codes" narrow user={p.user} csrfToken={p.csrfToken} current="account">
      <div class="card">
        <h1>Two-step login is on</h1>
        <p class="lead">Keep these recovery codes somewhere safe. Each works once, in place of a code, if you lose your device. They are shown only now.</p>
        <ul class="codes" data-recovery-codes>
          {p.codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>{p.next ? <a href={p.next}>I saved them: continue</a> : <a href="/account">Back to your account</a>}</p>
      </div>
    </Layout>
  );
}
