import { sql } from "kysely";
import type { MembershipState, Role } from "../../../db/schema.js";
import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import { DomainError } from "../../domain/errors.js";
import type { Executor } from "../db-types.js";
import { latestMemberDeliveries, type MailDelivery } from "../mail/delivery-view.js";
import { keysetBeyond } from "../pagination.js";

/** A member as the API and the People page show them. */
export type MemberView = {
  userId: string;
  name: string | null;
  email: string | null;
  role: Role;
  state: MembershipState;
  groups: { id: string; name: string }[];
  joinedAt: Date | null;
  lastSeenAt: Date | null;
  suspendedAt: Date | null;
  deauthorizeAt: Date | null;
  /** The provision that created this account (a pending placeholder's, or the one its owner claimed). */
  provisionId: string | null;
  /** An identity provider manages this member (SCIM): their state changes only through it, until an owner unlinks them. */
  scimManaged: boolean;
  /** The latest mail the organization sent them (claim link, invitation, recovery link); null: none. */
  delivery: MailDelivery | null;
};

export type MemberFilter = {
  state?: MembershipState | undefined;
  role?: Role | undefined;
  group?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

function memberQuery(db: Executor, organizationId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("provisions as p", (j) => j.onRef("p.organization_id", "=", "m.organization_id").onRef("p.user_id", "=", "m.user_id"))
    .select([
      "m.user_id",
      "m.role",
      "m.state",
      "m.created_at",
      "m.joined_at",
      "m.last_seen_at",
      "m.suspended_at",
      "m.deauthorize_at",
      "u.name",
      "u.email",
      "p.id as provision_id",
      sql<boolean>`exists (select 1 from scim_users s where s.organization_id = m.organization_id and s.user_id = m.user_id)`.as("scim_managed"),
      sql<{ id: string; name: string }[]>`coalesce((
        select jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) order by g.name)
        from group_members gm join groups g on g.id = gm.group_id
        where gm.organization_id = m.organization_id and gm.user_id = m.user_id
      ), '[]'::jsonb)`.as("groups"),
    ])
    .where("m.organization_id", "=", organizationId);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof memberQuery>["executeTakeFirstOrThrow"]>>;

function toMemberView(r: MemberRow, deliveries: Map<string, MailDelivery>): MemberView {
  return {
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role,
    state: r.state,
    groups: r.groups,
    joinedAt: r.joined_at,
    lastSeenAt: r.last_seen_at,
    suspendedAt: r.suspended_at,
    deauthorizeAt: r.deauthorize_at,
    provisionId: r.provision_id,
    scimManaged: r.scim_managed,
    delivery: deliveries.get(r.user_id) ?? null,
  };
}

/** `%`, `_` and `\` match themselves in a search. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Newest members first, keyset-paginated over (joined the organization, user id). */
export async function listMembers(db: Executor, organizationId: string, f: MemberFilter) {
  let query = memberQuery(db, organizationId);
  if (f.state) query = query.where("m.state", "=", f.state);
  if (f.role) query = query.where("m.role", "=", f.role);
  if (f.group) {
    const group = f.group;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("group_members as gm")
          .select("gm.user_id")
          .whereRef("gm.organization_id", "=", "m.organization_id")
          .whereRef("gm.user_id", "=", "m.user_id")
          .where("gm.group_id", "=", group),
      ),
    );
  }
  if (f.q) {
    const pattern = likePattern(f.q);
    query = query.where((eb) => eb.or([eb("u.name", "ilike", pattern), eb("u.email", "ilike", pattern)]));
  }
  if (f.cursor !== undefined) {
    const c = decodeCursor(f.cursor);
    if (!c) throw new DomainError("invalid_cursor", "Pass back the nextCursor of a previous page unchanged.");
    query = query.where(keysetBeyond(["m.created_at", "m.user_id"], "<", c));
  }
  const rows = await query.orderBy("m.created_at", "desc").orderBy("m.user_id", "desc").limit(f.limit + 1).execute();
  const data = rows.slice(0, f.limit);
  const last = data[data.length - 1];
  const deliveries = await latestMemberDeliveries(db, organizationId, data.map((r) => r.user_id));
  return {
    data: data.map((r) => toMemberView(r, deliveries)),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.user_id }) : null,
  };
}

/** One member of the organization; another organization's member answers like an unknown one. */
export async function getMember(db: Executor, organizationId: string, userId: string): Promise<MemberView> {
  const row = await memberQuery(db, organizationId).where("m.user_id", "=", userId).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such member in this organization.");
  return toMemberView(row, await latestMemberDeliveries(db, organizationId, [userId]));
}
