import type { SessionUser } from "../../services/accounts/sessions.js";
import { Alert, CsrfField, Field } from "../components.js";
import { Layout } from "../layout.js";

type OnboardingProps = {
  user: SessionUser;
  csrfToken: string;
  organizationId: string;
  organizationName: string;
  project: { id: string; name: string };
  agent: { id: string; name: string; identifier: string } | null;
  keyPrefix: string | null;
  publicUrl: string;
  notice?: string | undefined;
};

export function OnboardingPage(p: OnboardingProps) {
  return (
    <Layout title="Welcome" user={p.user} csrfToken={p.csrfToken}>
      <h1>Welcome to {p.organizationName}</h1>
      <p class="lead">The account is yours now. Here is what was set up for you.</p>
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      <div class="grid2">
        <section class="card" aria-labelledby="created">
          <h2 id="created">What was created</h2>
          <dl class="facts">
            <dt>Project</dt>
            <dd>{p.project.name}</dd>
            <dt>Default agent</dt>
            <dd>{p.agent ? `${p.agent.name} (${p.agent.identifier})` : "none"}</dd>
            <dt>API key</dt>
            <dd>{p.keyPrefix ? <code>{p.keyPrefix}…</code> : "none"}</dd>
          </dl>
          <p class="muted">
            The key was handed to your admin when the account was provisioned, and agents may already be using it. It keeps working
            now that the account is yours. You can create keys of your own, roll or revoke them on your account page.
          </p>
        </section>
        <section class="card" aria-labelledby="rename">
          <h2 id="rename">Name your project</h2>
          <form class="stack" method="post" action={`/projects/${p.project.id}/name`}>
            <CsrfField token={p.csrfToken} />
            <Field label="Project name" name="name" value={p.project.name} />
            <button type="submit">Rename project</button>
          </form>
        </section>
      </div>
      <section class="card" aria-labelledby="use">
        <h2 id="use">Use the key</h2>
        <p>Send it as a bearer token. For example, to see who the key belongs to:</p>
        <pre>
          <code>{`curl ${p.publicUrl}/v1/me \\\n  -H "Authorization: Bearer $HANDOFF_API_KEY"`}</code>
        </pre>
        <p class="actions">
          <a class="button" href={`/account?org=${p.organizationId}`}>
            Continue to your account
          </a>
          <a class="button secondary" href="/docs">
            API reference
          </a>
        </p>
      </section>
    </Layout>
  );
}
