import type { Child } from "hono/jsx";
import type { SessionUser } from "../../services/accounts/sessions.js";
import { Layout } from "../layout.js";

/** A page that explains one thing (an unusable link, a refusal) and offers the way forward. */
export function MessagePage(props: {
  title: string;
  message: string;
  user?: SessionUser | null;
  csrfToken?: string;
  code?: string;
  children?: Child;
}) {
  return (
    <Layout title={props.title} narrow user={props.user ?? null} csrfToken={props.csrfToken}>
      <div class="card" data-code={props.code}>
        <h1>{props.title}</h1>
        <p class="lead">{props.message}</p>
        {props.children ?? (
          <p>
            <a href="/">Go to Handoff</a>
          </p>
        )}
      </div>
    </Layout>
  );
}
