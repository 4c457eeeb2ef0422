import { newId } from "../../domain/ids.js";
import { BUILTIN_GROUPS, type BuiltinGroup } from "../../domain/team-permissions.js";
import type { Executor } from "../db-types.js";

/** The groups every organization has (Provision Managers), written when the organization is created. */
export async function insertBuiltinGroups(db: Executor, organizationId: string, now: Date): Promise<void> {
  await db
    .insertInto("groups")
    .values(
      (Object.keys(BUILTIN_GROUPS) as BuiltinGroup[]).map((slug) => ({
        id: newId("group"),
        organization_id: organizationId,
        name: BUILTIN_GROUPS[slug].name,
        description: BUILTIN_GROUPS[slug].description,
        permissions: JSON.stringify(BUILTIN_GROUPS[slug].permissions),
        builtin: slug,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}
