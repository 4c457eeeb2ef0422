import { z } from "@hono/zod-openapi";
import type { Agent } from "../../../db/schema.js";
import { AGENT_IDENTIFIER } from "../../domain/agents.js";

export const AgentSchema = z
  .object({
    id: z.string().openapi({ example: "agt_V1StGXR8Z5jdHi6BmyT2a" }),
    projectId: z.string(),
    name: z.string(),
    identifier: z.string().openapi({ example: "default" }),
    isDefault: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Agent");

export const AgentName = z.string().trim().min(1).max(200);
export const AgentIdentifier = z
  .string()
  .regex(AGENT_IDENTIFIER, "must be 1–50 characters of a-z, 0-9 and -")
  .openapi({ example: "support-bot" });

export function toAgentView(a: Agent): z.infer<typeof AgentSchema> {
  return {
    id: a.id,
    projectId: a.project_id,
    name: a.name,
    identifier: a.identifier,
    isDefault: a.is_default,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}
