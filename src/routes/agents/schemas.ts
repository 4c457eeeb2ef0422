import { z } from "@hono/zod-openapi";
import type { Agent } from "../../../db/schema.js";
import { AGENT_IDENTIFIER } from "../../domain/agents.js";
import { idOf, text, textInput, timestamp } from "../../http/schemas.js";

export const AgentSchema = z
  .object({
    id: idOf("agt"),
    projectId: idOf("prj"),
    name: text(200),
    identifier: z.string().max(50).regex(AGENT_IDENTIFIER).openapi({ example: "default" }),
    isDefault: z.boolean(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi("Agent");

export const AgentName = textInput(200);
export const AgentIdentifier = z
  .string()
  .max(50)
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
