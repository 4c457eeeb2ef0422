import { sql } from "kysely";
import type { Executor } from "../db-types.js";
import { anyOf, textArray } from "../sql-arrays.js";

/** What a provision created is found from these two ids (agents and keys through the project). */
export type ProvisionResources = { user_id: string; project_id: string };

/**
 * Deletes everything a provision created: keys, agents, project, membership and the placeholder user.
 * Idempotent (safe to run again after a crash), and it never deletes a user who is no longer a
 * placeholder, whatever the caller believes.
 */
export async function deleteProvisionResources(db: Executor, p: ProvisionResources): Promise<void> {
  await deleteResourcesOfProvisions(db, [p]);
}

/**
 * The same for many provisions at once: one statement per table whatever the count, which is what
 * lets the sweeper keep up with a bulk delete (ids travel as array parameters: see sql-arrays.ts).
 * Callers bound the list (a sweeper batch).
 */
export async function deleteResourcesOfProvisions(db: Executor, list: readonly ProvisionResources[]): Promise<void> {
  if (list.length === 0) return;
  // Each list is serialised once and the same parameter reused by every statement.
  const projectIds = textArray(list.map((p) => p.project_id));
  const userIds = textArray(list.map((p) => p.user_id));
  // Keys and agents first, in bulk, so the project's cascades find nothing left to do.
  await db.deleteFrom("api_keys").where("project_id", "=", anyOf(projectIds)).execute();
  await db.deleteFrom("agents").where("project_id", "=", anyOf(projectIds)).execute();
  // Only while the placeholder still owns it: a claimed project belongs to its claimant.
  await db
    .deleteFrom("projects")
    .where(sql<boolean>`(id, owner_user_id) in (select * from unnest(${projectIds}, ${userIds}))`)
    .execute();
  await db
    .deleteFrom("memberships")
    .where("user_id", "in", (eb) =>
      eb.selectFrom("users").select("id").where("id", "=", anyOf(userIds)).where("status", "=", "placeholder"),
    )
    .execute();
  await db.deleteFrom("users").where("id", "=", anyOf(userIds)).where("status", "=", "placeholder").execute();
}
