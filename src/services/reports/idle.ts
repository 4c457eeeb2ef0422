import { sql } from "kysely";
import type { AppDeps } from "../../deps.js";

/** Rows per list: enough for any organization's clean-up, bounded for memory (`truncated` says when more exist). */
export const IDLE_REPORT_MAX = 1000;

export type IdleMember = { userId: string; name: string | null; email: string | null; role: string; state: string; lastSeenAt: Date | null; joinedAt: Date | null };
export type UnusedKey = { id: string; name: string; projectId: string | null; ownerUserId: string | null; lastUsedAt: Date | null; createdAt: Date };

/**
 * Members not seen for `days` days — no team activity (last_seen_at), no session started and no use
 * of a key of a project they own here — and keys (not revoked) unused for as long. Members who joined
 * within the period are not idle yet; placeholders (pending) are left out: they have no person yet.
 */
export async function idleReport(deps: AppDeps, organizationId: string, days: number) {
  const cutoff = new Date(deps.clock.now().getTime() - days * 86_400_000);
  const members = await deps.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "u.email", "m.role", "m.state", "m.last_seen_at", "m.joined_at", "m.created_at"])
    .where("m.organization_id", "=", organizationId)
    .where("m.state", "<>", "pending")
    .where("m.created_at", "<", cutoff)
    .where((eb) => eb.or([eb("m.last_seen_at", "is", null), eb("m.last_seen_at", "<", cutoff)]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("sessions as s").select("s.id").whereRef("s.user_id", "=", "u.id").where("s.created_at", ">=", cutoff))))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("api_keys as k")
            .innerJoin("projects as p", "p.id", "k.project_id")
            .select("k.id")
            .whereRef("p.owner_user_id", "=", "u.id")
            .where("k.organization_id", "=", organizationId)
            .where("k.last_used_at", ">=", cutoff),
        ),
      ),
    )
    .orderBy(sql`m.last_seen_at asc nulls first`)
    .orderBy("u.id")
    .limit(IDLE_REPORT_MAX + 1)
    .execute();
  const keys = await deps.db
    .selectFrom("api_keys as k")
    .leftJoin("projects as p", "p.id", "k.project_id")
    .select(["k.id", "k.name", "k.project_id", "p.owner_user_id", "k.last_used_at", "k.created_at"])
    .where("k.organization_id", "=", organizationId)
    .where("k.revoked_at", "is", null)
    .where("k.created_at", "<", cutoff)
    .where((eb) => eb.or([eb("k.last_used_at", "is", null), eb("k.last_used_at", "<", cutoff)]))
    .orderBy(sql`k.last_used_at asc nulls first`)
    .orderBy("k.id")
    .limit(IDLE_REPORT_MAX + 1)
    .execute();
  return {
    days,
    since: cutoff,
    members: members.slice(0, IDLE_REPORT_MAX).map(
      (m): IdleMember => ({ userId: m.id, name: m.name, email: m.email, role: m.role, state: m.state, lastSeenAt: m.last_seen_at, joinedAt: m.joined_at }),
    ),
    keys: keys.slice(0, IDLE_REPORT_MAX).map(
      (k): UnusedKey => ({ id: k.id, name: k.name, projectId: k.project_id, ownerUserId: k.owner_user_id, lastUsedAt: k.last_used_at, createdAt: k.created_at }),
    ),
    truncated: members.length > IDLE_REPORT_MAX || keys.length > IDLE_REPORT_MAX,
  };
}

export type IdleReport = Awaited<ReturnType<typeof idleReport>>;
