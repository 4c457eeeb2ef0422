import type { Child } from "hono/jsx";
import type { SessionUser } from "../services/accounts/sessions.js";

type LayoutProps = {
  title: string;
  user?: SessionUser | null;
  csrfToken?: string;
  narrow?: boolean;
  current?: "account" | "team";
  /** Where the header's Log in and Sign up come back to (a claim page: the claim). */
  next?: string | undefined;
  /** The organization the page is about: the header's Team entry leads to it when the person manages it. */
  teamOrganizationId?: string | undefined;
  children: Child;
};

/** A path with `?next=` when there is somewhere to come back to. */
export const withNext = (path: string, next?: string) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/** One layout for every page: login, sign-up, claim, setup, onboarding and the account page. */
export function Layout({ title, user, csrfToken, narrow, current, next, teamOrganizationId, children }: LayoutProps) {
  const team = teamOrganizationId ?? user?.teamOrganizationId;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Handoff`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <header class="top">
          <div class="inner">
            <a class="brand" href="/">
              <span class="mark" aria-hidden="true">H</span>Handoff
            </a>
            <nav class="main" aria-label="Main">
              {user ? (
                <>
                  {team ? (
                    <a href={teamOrganizationId ? `/orgs/${teamOrganizationId}/team` : "/team"} aria-current={current === "team" ? "page" : undefined}>
                      Team
                    </a>
                  ) : null}
                  <a href="/account" aria-current={current === "account" ? "page" : undefined}>
                    Account
                  </a>
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={csrfToken ?? ""} />
                    <button class="link" type="submit">
                      Log out
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href={withNext("/login", next)}>Log in</a>
                  <a href={withNext("/signup", next)}>Sign up</a>
                </>
              )}
            </nav>
          </div>
        </header>
        <main class={narrow ? "narrow" : undefined}>{children}</main>
        <footer class="bottom">Handoff</footer>
        <script src="/assets/app.js" defer></script>
      </body>
    </html>
  );
}
