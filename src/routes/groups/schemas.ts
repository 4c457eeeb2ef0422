import { z } from "@hono/zod-openapi";
import { idOf, int32, singleLine, text, textInput, timestamp } from "../../http/schemas.js";
import type { GroupView } from "../../services/groups/groups.js";
import { PermissionSchema } from "../members/schemas.js";

export const GroupSchema = z
  .object({
    id: idOf("grp"),
    name: text(100),
    description: text(500),
    permissions: z.array(PermissionSchema).max(20),
    builtin: z.string().max(64).regex(/^[a-z_]+$/).nullable().openapi({ description: "Set for built-in groups (`provision_managers`), which cannot be deleted" }),
    memberCount: int32(0, 2_000_000_000),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi("Group");

export function toGroupJson(g: GroupView) {
  return { ...g, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() };
}

const name = textInput(100);
const description = singleLine(z.string().trim().max(500));
const permissions = z.array(PermissionSchema).max(20);

export const CreateGroupBody = z
  .strictObject({ name, description: description.optional(), permissions: permissions.default([]) })
  .openapi("CreateGroupRequest");
export const UpdateGroupBody = z
  .strictObject({ name: name.optional(), description: description.optional(), permissions: permissions.optional() })
  .openapi("UpdateGroupRequest");
