import { z } from "@hono/zod-openapi";
import type { ApiKey } from "../../../db/schema.js";
import { keyStatus } from "../../domain/api-key.js";
import { SCOPES } from "../../domain/scopes.js";

export const ScopeSchema = z.enum(SCOPES);

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_V1StGXR8Z5jdHi6BmyT2a" }),
    name: z.string(),
    prefix: z.string().openapi({ description: "The first characters of the key, to recognise it", example: "hnd_4f9Qa1Zx" }),
    status: z.enum(["active", "revoked", "expired"]),
    projectId: z.string(),
    agentId: z.string().nullable(),
    scopes: z.array(z.string()).openapi({ description: "Empty: every scope" }),
    expiresAt: z.string().nullable().openapi({ format: "date-time" }),
    revokedAt: z.string().nullable().openapi({ format: "date-time" }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time", description: "Updated at most once a minute" }),
    replacedByKeyId: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("ApiKey");

export const ApiKeyWithSecretSchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The full key, shown this once" }),
}).openapi("ApiKeyWithSecret");

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toKeyView(k: ApiKey, now: Date): z.infer<typeof ApiKeySchema> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.display_prefix,
    status: keyStatus({ revokedAt: k.revoked_at, expiresAt: k.expires_at }, now),
    projectId: k.project_id!,
    agentId: k.agent_id,
    scopes: k.scopes,
    expiresAt: iso(k.expires_at),
    revokedAt: iso(k.revoked_at),
    lastUsedAt: iso(k.last_used_at),
    replacedByKeyId: k.replaced_by_key_id,
    createdAt: k.created_at.toISOString(),
  };
}
