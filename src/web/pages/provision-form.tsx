import type { FieldError } from "../../domain/errors.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import type { ProvisionCreatedView } from "../../services/provisions/view.js";
import { Alert, CsrfField, Field, RoleSelect } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";

export const EXPIRY_CHOICES = [
  { seconds: 86400, label: "1 day" },
  { seconds: 3 * 86400, label: "3 days" },
  { seconds: 7 * 86400, label: "7 days" },
  { seconds: 14 * 86400, label: "14 days" },
  { seconds: 30 * 86400, label: "30 days" },
] as const;

type FormProps = {
  user: SessionUser;
  csrfToken: string;
  organization: { id: string; name: string };
  idempotencyKey: string;
  /** Mail is configured on this server: the form offers to mail the claim link. */
  mail: boolean;
  values?: Record<string, string>;
  errors?: FieldError[] | undefined;
};

export function ProvisionFormPage({ user, csrfToken, organization, idempotencyKey, mail, values = {}, errors }: FormProps) {
  const expiry = values.expiresIn ?? String(7 * 86400);
  return (
    <Layout title="Provision new user" user={user} csrfToken={csrfToken} current="team" narrow>
      <p>
        <a href={`/orgs/${organization.id}/team`}>← {organization.name}</a>
      </p>
      <div class="card">
        <h1>Provision new user</h1>
        <p class="lead">Creates an account with a project, a default agent and an API key that works at once, plus a link the person uses to claim it.</p>
        {errors?.length ? <Alert kind="error">Check the fields marked below.</Alert> : null}
        <form class="stack" method="post" action={`/orgs/${organization.id}/provisions`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <RoleSelect value={values.role} />
          <div class="check">
            <input type="checkbox" id="field-skipOnboarding" name="skipOnboarding" value="on" checked={values.skipOnboarding !== "off"} aria-describedby="skip-hint" />
            <label for="field-skipOnboarding">Skip onboarding</label>
            <span class="hint" id="skip-hint">
              Unticked, the person sees a short onboarding page after claiming.
            </span>
          </div>
          <Field label="Name" name="name" required={false} value={values.name} errors={errors} hint="Optional." />
          <Field label="Email" name="email" type="email" required={false} value={values.email} errors={errors} hint="Optional. When set, only this address can claim." />
          {mail ? (
            <div class="check">
              <input type="checkbox" id="field-sendEmail" name="sendEmail" value="on" checked={values.sendEmail !== "off"} aria-describedby="send-hint" />
              <label for="field-sendEmail">Send the claim link by email</label>
              <span class="hint" id="send-hint">
                When an email is given, the link is mailed to it. Untick to hand the link over yourself.
              </span>
            </div>
          ) : (
            <p class="hint">Mail is not configured on this server: you hand the claim link over yourself.</p>
          )}
          <Field label="Project name" name="projectName" required={false} value={values.projectName} errors={errors} hint="Optional." />
          <label>
            Link expires after
            <select name="expiresIn">
              {EXPIRY_CHOICES.map((c) => (
                <option value={String(c.seconds)} selected={expiry === String(c.seconds)}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Provision</button>
        </form>
      </div>
    </Layout>
  );
}

export function CopyRow({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div class="copy-row">
      <span class="copy-label" id={`${id}-label`}>
        {label}
      </span>
      <code class="copy-value" id={id}>
        {value}
      </code>
      <button type="button" class="secondary small" data-copy={id} aria-describedby={`${id}-label`}>
        Copy
      </button>
    </div>
  );
}

export function ProvisionResultPage({ user, csrfToken, organization, created }: { user: SessionUser; csrfToken: string; organization: { id: string; name: string }; created: ProvisionCreatedView }) {
  return (
    <Layout title="Provisioned" user={user} csrfToken={csrfToken} current="team">
      <p>
        <a href={`/orgs/${organization.id}/team`}>← {organization.name}</a>
      </p>
      <section class="card result" aria-labelledby="result">
        <h1 id="result">{created.name ?? created.email ?? "New user"} is provisioned</h1>
        <Alert kind="warn">
          <strong>The API key is shown once.</strong> It already works: agents can use it now.{" "}
          {created.delivery ? `The claim link is being mailed to ${created.delivery.to}; it` : "Send the claim link to the person; it"} expires{" "}
          {formatTime(new Date(created.expiresAt))}.
        </Alert>
        <CopyRow id="claim-url" label="Claim link" value={created.claimUrl} />
        <CopyRow id="api-key" label="API key" value={created.apiKey} />
        <CopyRow id="user-id" label="User ID" value={created.userId} />
        <CopyRow id="project-id" label="Project ID" value={created.projectId} />
        <p class="actions">
          <a class="button secondary" href={`/orgs/${organization.id}/provisions/${created.id}`}>
            View provision
          </a>
          <a class="button secondary" href={`/orgs/${organization.id}/provisions/new`}>
            Provision another
          </a>
        </p>
      </section>
    </Layout>
  );
}
