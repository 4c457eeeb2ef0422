import { z } from "@hono/zod-openapi";
import type { GroupView } from "../../services/groups/groups.js";
import { PermissionSchema } from "../members/schemas.js";

export const GroupSchema = z
  .object({
    id: z.string().openapi({ example: "grp_V1StGXR8Z5jdHi6BmyT2a" }),
    name: z.string(),
    description: z.string(),
    permissions: z.array(PermissionSchema),
    builtin: z.string().nullable().openapi({ description: "Set for built-in groups (`provision_managers`), which cannot be deleted" }),
    memberCount: z.number().int(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Group");

export function toGroupJson(g: GroupView) {
  return { ...g, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() };
}

const name = z.string().trim().min(1).max(100);
const description = z.string().trim().max(500);
const permissions = z.array(PermissionSchema).max(20);

export const CreateGroupBody = z
  .strictObject({ name, description: description.optional(), permissions: permissions.default([]) })
  .openapi("CreateGroupRequest");
export const UpdateGroupBody = z
  .strictObject({ name: name.optional(), description: description.optional(), permissions: permissions.optional() })
  .openapi("UpdateGroupRequest");
