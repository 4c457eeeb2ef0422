import type { SessionUser } from "../../services/accounts/sessions.js";
import { Alert } from "../components.js";
import { Layout } from "../layout.js";
import { CopyRow } from "./provision-form.js";

/** A new key (created or rolled) shown exactly once. */
export function KeyIssuedPage(p: {
  user: SessionUser;
  csrfToken: string;
  title: string;
  keyName: string;
  secret: string;
  note?: string | undefined;
  /** A public identifier that goes with the secret (an OAuth app's client ID), copyable beside it. */
  identifier?: { id: string; label: string; value: string } | undefined;
  /** Where "Back" leads (default: the account page). */
  back?: { href: string; label: string } | undefined;
}) {
  const back = p.back ?? { href: "/account", label: "Back to your account" };
  return (
    <Layout title={p.title} user={p.user} csrfToken={p.csrfToken} current={p.back ? "team" : "account"} narrow>
      <div class="card">
        <h1>{p.title}</h1>
        <Alert kind="warn">
          <strong>Copy the key now: it is shown once.</strong> Only a hash is kept, so it cannot be shown again.
        </Alert>
        {p.identifier ? <CopyRow id={p.identifier.id} label={p.identifier.label} value={p.identifier.value} /> : null}
        <CopyRow id="api-key" label={p.keyName} value={p.secret} />
        {p.note ? <p class="muted">{p.note}</p> : null}
        <p>
          <a class="button" href={back.href}>
            {back.label}
          </a>
        </p>
      </div>
    </Layout>
  );
}
