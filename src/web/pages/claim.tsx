import type { claimPage } from "../../services/claims/read-link.js";
import type { FieldError } from "../../domain/errors.js";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { Alert, CsrfField, LoginInstead } from "../components.js";
import { Layout } from "../layout.js";
import { linkAction } from "../format.js";
import { SignupFields } from "./auth.js";

type ClaimPageProps = {
  token: string;
  provision: Awaited<ReturnType<typeof claimPage>>["provision"];
  organizationName: string;
  user: SessionUser | null;
  csrfToken: string;
  error?: string | undefined;
  errors?: FieldError[] | undefined;
  values?: Record<string, string>;
  proof?: string | undefined;
};

const roleLabel = { admin: "Admin", member: "Member" } as const;

export function ClaimPage({ token, provision, organizationName, user, csrfToken, error, errors, values, proof }: ClaimPageProps) {
  const action = linkAction(`/claim/${token}`, proof);
  return (
    <Layout title={`Join ${organizationName}`} narrow user={user} csrfToken={csrfToken} next={action}>
      <div class="card">
        <h1>Your account at {organizationName} is ready</h1>
        <p class="lead">An admin set it up for you. Claim it to make it yours; agents already using it keep working.</p>
        <dl class="facts">
          <dt>Organization</dt>
          <dd>{organizationName}</dd>
          <dt>Role</dt>
          <dd>{roleLabel[provision.role]}</dd>
          <dt>Project</dt>
          <dd>{provision.projectName}</dd>
          <dt>Link expires</dt>
          <dd>
            <time datetime={provision.expiresAt.toISOString()}>{provision.expiresAt.toUTCString()}</time>
          </dd>
        </dl>
        {error ? <Alert kind="error">{error}</Alert> : null}
        {user ? (
          <form class="stack" method="post" action={action}>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="action" value="claim" />
            <p>
              You are logged in as <strong>{user.email}</strong>. The project, its agents and keys will move into this account.
            </p>
            <button type="submit">Claim account</button>
          </form>
        ) : (
          <>
            <form class="stack" method="post" action={action}>
              <CsrfField token={csrfToken} />
              <input type="hidden" name="action" value="signup" />
              <p class="muted">Create your account first; you then confirm the claim on this page.</p>
              <SignupFields
                values={{ ...values, email: values?.email ?? provision.email ?? "" }}
                errors={errors}
                lockedEmail={provision.email !== null ? "This account was set up for this address." : undefined}
              />
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
