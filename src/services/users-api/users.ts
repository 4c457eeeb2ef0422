import { sql } from "kysely";
import type { MembershipState } from "../../../db/schema.js";
import type { ActorContext, AdminPrincipal, OAuthPrincipal } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { decodePageToken, encodePageToken, type UserFilter } from "../../domain/users-api.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { reactivateMember, suspendMember } from "../team/member-actions.js";
import { change } from "../unit-of-work.js";

/**
 * The Users API's reads and its two actions. Reads are one query each over the organization's
 * memberships; `:suspend` and `:reactivate` are the team's own suspend and reactivate (the one state
 * machine, its guards and audit events), so an action here looks the same everywhere else.
 */
export type UsersApiUser = {
  userId: string;
  email: string | null;
  name: string | null;
  state: MembershipState;
  /** When they became a user of this account (the membership's creation). */
  createdAt: Date;
};

export type UsersApiCaller = AdminPrincipal | OAuthPrincipal;

function userQuery(db: Executor, organizationId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.user_id", "m.state", "m.created_at", "u.email", "u.name"])
    .where("m.organization_id", "=", organizationId);
}

type Row = { user_id: string; state: MembershipState; created_at: Date; email: string | null; name: string | null };
const toUser = (r: Row): UsersApiUser => ({ userId: r.user_id, email: r.email, name: r.name, state: r.state, createdAt: r.created_at });

/**
 * A page of users, oldest first over (joined, user id): a stable order in which users added while a
 * client pages through appear on later pages and nobody is skipped or repeated. The page token holds
 * the last position exactly as the database keeps it (microseconds, as text), so rows created within
 * one millisecond are never split wrongly between pages.
 */
export async function listUsers(
  db: Executor,
  organizationId: string,
  q: { filter: UserFilter; pageSize: number; pageToken?: string | undefined },
): Promise<{ users: UsersApiUser[]; nextPageToken: string | null }> {
  let query = userQuery(db, organizationId).select(sql<string>`m.created_at::text`.as("position"));
  if (q.filter === "suspended") query = query.where("m.state", "=", "suspended");
  if (q.filter === "active") query = query.where("m.state", "<>", "suspended");
  if (q.pageToken !== undefined && q.pageToken !== "") {
    const after = decodePageToken(q.pageToken);
    if (!after) throw new DomainError("validation_failed", "page_token is not a next_page_token this API returned.", { errors: [{ path: "query.page_token", message: "not a next_page_token of this API" }] });
    if (after.filter !== q.filter) {
      throw new DomainError("validation_failed", "page_token belongs to a listing with another filter; send the same filter with it.", {
        errors: [{ path: "query.page_token", message: "issued for another filter" }],
      });
    }
    query = query.where(sql<boolean>`(m.created_at, m.user_id) > (${after.joined}::timestamptz, ${after.userId})`);
  }
  const rows = await query.orderBy("m.created_at", "asc").orderBy("m.user_id", "asc").limit(q.pageSize + 1).execute();
  const page = rows.slice(0, q.pageSize);
  const last = page[page.length - 1];
  const more = rows.length > q.pageSize && last;
  return {
    users: page.map(toUser),
    nextPageToken: more ? encodePageToken({ joined: last.position, userId: last.user_id, filter: q.filter }) : null,
  };
}

/** One user of the account; another organization's (or nobody's) id answers NOT_FOUND alike. */
export async function getUser(db: Executor, organizationId: string, userId: string): Promise<UsersApiUser> {
  const row = await userQuery(db, organizationId).where("m.user_id", "=", userId).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such user in this account.");
  return toUser(row);
}

/**
 * `:suspend` (at once: sessions end and keys stop now, as 1Password suspends) and `:reactivate`,
 * idempotent, through the team's state machine; the User is read back in the same transaction.
 */
export function setUserSuspended(deps: AppDeps, ctx: ActorContext<UsersApiCaller>, userId: string, suspended: boolean): Promise<UsersApiUser> {
  return change(deps, ctx, {}, async (unit) => {
    if (suspended) await suspendMember(deps, ctx, userId, { deauthorizeAfter: 0 }, { within: unit });
    else await reactivateMember(deps, ctx, userId, { within: unit });
    return getUser(unit.trx, ctx.actor.organizationId, userId);
  });
}
