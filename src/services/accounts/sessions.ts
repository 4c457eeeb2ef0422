import { randomBytes, sha256Hex, toBase64Url } from "../../domain/encoding.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";

export type SessionUser = {
  id: string;
  name: string | null;
  email: string;
  sessionId: string;
  /** The first organization this person may manage (owner or admin), for the "Team" entry; null if none. */
  teamOrganizationId: string | null;
};

/** A new session: the random token goes to the cookie, only its hash to the database. */
export async function createSession(deps: AppDeps, db: Executor, userId: string) {
  const now = deps.clock.now();
  const token = toBase64Url(randomBytes(32));
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000);
  await db
    .insertInto("sessions")
    .values({ id: crypto.randomUUID(), user_id: userId, token_hash: await sha256Hex(token), created_at: now, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The active user behind a session token, or null (unknown, expired, or the user is not active). */
export async function findSessionUser(deps: AppDeps, token: string): Promise<SessionUser | null> {
  const row = await deps.db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id as session_id", "u.id", "u.name", "u.email"])
    .where("s.token_hash", "=", await sha256Hex(token))
    .where("s.expires_at", ">", deps.clock.now())
    .where("u.status", "=", "active")
    .executeTakeFirst();
  if (!row || !row.email) return null;
  const team = await deps.db
    .selectFrom("memberships")
    .select("organization_id")
    .where("user_id", "=", row.id)
    .where("role", "in", ["owner", "admin"])
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  return { id: row.id, name: row.name, email: row.email, sessionId: row.session_id, teamOrganizationId: team?.organization_id ?? null };
}

export async function deleteSession(deps: AppDeps, token: string): Promise<void> {
  await deps.db.deleteFrom("sessions").where("token_hash", "=", await sha256Hex(token)).execute();
}
