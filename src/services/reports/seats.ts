import { sql } from "kysely";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";

export type SeatCount = { active: number; pending: number; awaitingConfirmation: number; suspended: number };
export type SeatDay = SeatCount & { day: string };

const counts = sql`
  count(*) filter (where m.state = 'active')::int as active,
  count(*) filter (where m.state = 'pending')::int as pending,
  count(*) filter (where m.state = 'awaiting_confirmation')::int as awaiting_confirmation,
  count(*) filter (where m.state = 'suspended')::int as suspended`;

/** How often the sweeper records the day's seat counts (the last of a day stands for it). */
const SNAPSHOT_EVERY_MS = 3600_000;

/**
 * Today's counts for every organization, recorded by the sweeper at most hourly (one cheap look
 * otherwise). One statement grouped by organization; an upsert, so instances sweeping together are
 * harmless to each other.
 */
export async function recordSeatCounts(deps: AppDeps, now: Date): Promise<number> {
  const recent = await deps.db.selectFrom("seat_counts").select("organization_id").where("updated_at", ">", new Date(now.getTime() - SNAPSHOT_EVERY_MS)).limit(1).executeTakeFirst();
  if (recent) return 0;
  const day = now.toISOString().slice(0, 10);
  const rows = await sql<{ n: number }>`
    insert into seat_counts (organization_id, day, active, pending, awaiting_confirmation, suspended, updated_at)
    select o.id, ${day}::date, ${counts}, ${now}
    from organizations o left join memberships m on m.organization_id = o.id
    group by o.id
    on conflict (organization_id, day) do update set
      active = excluded.active, pending = excluded.pending, awaiting_confirmation = excluded.awaiting_confirmation,
      suspended = excluded.suspended, updated_at = excluded.updated_at
    returning 1 as n`.execute(deps.db);
  return rows.rows.length;
}

async function currentCounts(db: Executor, organizationId: string): Promise<SeatCount> {
  const r = await sql<{ active: number; pending: number; awaiting_confirmation: number; suspended: number }>`
    select ${counts} from memberships m where m.organization_id = ${organizationId}`.execute(db);
  const row = r.rows[0]!;
  return { active: Number(row.active), pending: Number(row.pending), awaitingConfirmation: Number(row.awaiting_confirmation), suspended: Number(row.suspended) };
}

const dayString = (d: Date | string) => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** Seats now (live) and per day over the last `days` days (the sweeper's snapshots), oldest first. */
export async function seatReport(deps: AppDeps, organizationId: string, days: number): Promise<{ current: SeatCount; history: SeatDay[] }> {
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const [current, history] = await Promise.all([
    currentCounts(deps.db, organizationId),
    deps.db.selectFrom("seat_counts").selectAll().where("organization_id", "=", organizationId).where("day", ">=", since).orderBy("day").execute(),
  ]);
  return {
    current,
    history: history.map((h) => ({ day: dayString(h.day), active: h.active, pending: h.pending, awaitingConfirmation: h.awaiting_confirmation, suspended: h.suspended })),
  };
}
