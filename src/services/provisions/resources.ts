import type { Executor } from "../db-types.js";

type Created = { organization_id: string; user_id: string; project_id: string };

/**
 * Deletes everything a provision created: keys, agents, project, membership and the placeholder user.
 * Idempotent (safe to run again after a crash), and it never deletes a user who is no longer a
 * placeholder, whatever the caller believes.
 */
export async function deleteProvisionResources(db: Executor, p: Created): Promise<void> {
  await db.deleteFrom("api_keys").where("project_id", "=", p.project_id).execute();
  await db.deleteFrom("agents").where("project_id", "=", p.project_id).execute();
  await db.deleteFrom("projects").where("id", "=", p.project_id).where("owner_user_id", "=", p.user_id).execute();
  const placeholder = await db
    .selectFrom("users")
    .select("id")
    .where("id", "=", p.user_id)
    .where("status", "=", "placeholder")
    .executeTakeFirst();
  if (!placeholder) return;
  await db.deleteFrom("memberships").where("user_id", "=", p.user_id).execute();
  await db.deleteFrom("users").where("id", "=", p.user_id).where("status", "=", "placeholder").execute();
}
