import type { SessionUser } from "../../services/accounts/sessions.js";
import type { IdleReport } from "../../services/reports/idle.js";
import type { seatReport } from "../../services/reports/seats.js";
import type { Standing } from "../../services/team/standing.js";
import { Alert } from "../components.js";
import { formatTime } from "../format.js";
import { Layout } from "../layout.js";
import { PostButton, STATE_LABELS, TeamHead } from "./people.js";

type Props = {
  user: SessionUser;
  csrfToken: string;
  standing: Standing;
  organization: { id: string; name: string };
  days: number;
  idle: IdleReport;
  seats: Awaited<ReturnType<typeof seatReport>>;
  notice?: string | undefined;
};

const when = (d: Date | null) => (d ? formatTime(d) : "never");

export function ReportsPage(p: Props) {
  const base = `/orgs/${p.organization.id}`;
  const maySuspend = p.standing.permissions.includes("suspend");
  return (
    <Layout title={`Reports · ${p.organization.name}`} user={p.user} csrfToken={p.csrfToken} current="team">
      <TeamHead organization={p.organization} current="reports">
        <a class="button secondary" href={`${base}/reports/idle.csv?days=${p.days}`}>
          Export idle CSV
        </a>
      </TeamHead>
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      <section class="card" aria-labelledby="seats">
        <h2 id="seats">Seats</h2>
        <p>
          Active {p.seats.current.active} · provisioned, not claimed {p.seats.current.pending} · awaiting confirmation {p.seats.current.awaitingConfirmation} · suspended{" "}
          {p.seats.current.suspended}
        </p>
        {p.seats.history.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Active</th>
                <th scope="col">Pending</th>
                <th scope="col">Awaiting confirmation</th>
                <th scope="col">Suspended</th>
              </tr>
            </thead>
            <tbody>
              {p.seats.history.map((h) => (
                <tr>
                  <td>{h.day}</td>
                  <td>{h.active}</td>
                  <td>{h.pending}</td>
                  <td>{h.awaitingConfirmation}</td>
                  <td>{h.suspended}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">The history fills in as the sweeper records the counts (hourly).</p>
        )}
      </section>
      <section class="card" aria-labelledby="idle">
        <h2 id="idle">{`Not seen for ${p.days} days`}</h2>
        <form class="inline-form" method="get" action={`${base}/reports`} aria-label="Period">
          <label class="short">
            Days
            <input type="number" name="days" min="1" max="3650" value={String(p.days)} />
          </label>
          <button class="secondary" type="submit">
            Show
          </button>
        </form>
        {p.idle.members.length === 0 ? (
          <p class="muted">Everyone was seen in this period.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Last seen</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {p.idle.members.map((m) => (
                <tr data-user-id={m.userId}>
                  <td>
                    {m.name ?? "—"}
                    <div class="muted small">{m.email ?? m.userId}</div>
                  </td>
                  <td>{m.role}</td>
                  <td>{STATE_LABELS[m.state as keyof typeof STATE_LABELS] ?? m.state}</td>
                  <td>{when(m.lastSeenAt)}</td>
                  <td>
                    {maySuspend && m.state !== "suspended" && m.userId !== p.standing.userId ? (
                      <PostButton action={`${base}/people/${m.userId}/suspend`} csrfToken={p.csrfToken} label="Suspend">
                        <input type="hidden" name="deauthorizeAfter" value="0" />
                        <input type="hidden" name="back" value="reports" />
                        <input type="hidden" name="days" value={String(p.days)} />
                      </PostButton>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="keys">
        <h2 id="keys">{`Keys unused for ${p.days} days`}</h2>
        {p.idle.keys.length === 0 ? (
          <p class="muted">Every key was used in this period.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Project</th>
                <th scope="col">Last used</th>
              </tr>
            </thead>
            <tbody>
              {p.idle.keys.map((k) => (
                <tr data-key-id={k.id}>
                  <td>
                    {k.name}
                    <div class="muted small">{k.id}</div>
                  </td>
                  <td class="small">{k.projectId ?? "organization key"}</td>
                  <td>{when(k.lastUsedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {p.idle.truncated ? <p class="muted">Only the oldest 1,000 are listed; the CSV has the same.</p> : null}
      </section>
    </Layout>
  );
}
