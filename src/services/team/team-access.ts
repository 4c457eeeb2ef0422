import type { TeamUser } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { actingRefusal } from "../../domain/membership-states.js";
import { holds, type Permission } from "../../domain/team-permissions.js";
import type { AppDeps } from "../../deps.js";
import { enforce, standingIn, type Standing } from "./standing.js";

const LAST_SEEN_INTERVAL_MS = 3600_000;

/**
 * A logged-in person acting on a team (API routes and dashboard pages alike): they must be a member
 * (else the same 404 as an unknown organization), able to act (a suspended member gets 403
 * `member_suspended`, one awaiting confirmation `member_awaiting_confirmation`) and, when `needed` is
 * given, hold that team permission (403 `permission_required` naming it). `any`: at least one.
 */
export async function teamMemberFor(
  deps: AppDeps,
  userId: string,
  organizationId: string,
  needed: Permission | "any" | null,
): Promise<{ actor: TeamUser; standing: Standing }> {
  const standing = await standingIn(deps.db, organizationId, userId);
  if (!standing) throw new DomainError("not_found", "No such organization.");
  const refusal = actingRefusal(standing.state);
  if (refusal) enforce({ code: refusal });
  if (needed === "any" && standing.permissions.length === 0) {
    throw new DomainError("permission_required", "This needs a team permission; members hold none unless a group grants one.");
  }
  if (needed && needed !== "any" && !holds(standing.permissions, needed)) enforce({ code: "permission_required", permission: needed });
  recordSeen(deps, organizationId, userId);
  return { actor: { kind: "team_user", organizationId, userId, role: standing.role }, standing };
}

/** last_seen_at: written at most once an hour per membership, off the response path. */
function recordSeen(deps: AppDeps, organizationId: string, userId: string): void {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - LAST_SEEN_INTERVAL_MS);
  deps.defer(
    deps.db
      .updateTable("memberships")
      .set({ last_seen_at: now })
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", userId)
      .where((eb) => eb.or([eb("last_seen_at", "is", null), eb("last_seen_at", "<=", cutoff)]))
      .execute()
      .catch((err: unknown) => deps.logger.warn("could not record last seen", { error: String(err) })),
  );
}

/** The organization a session acts on when the request names none: the person's only one. */
export async function soleOrganizationOf(deps: AppDeps, userId: string): Promise<string | null> {
  const rows = await deps.db.selectFrom("memberships").select("organization_id").where("user_id", "=", userId).limit(2).execute();
  return rows.length === 1 ? rows[0]!.organization_id : null;
}
