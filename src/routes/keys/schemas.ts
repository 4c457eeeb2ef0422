import { z } from "@hono/zod-openapi";
import type { ApiKey } from "../../../db/schema.js";
import { keyStatus } from "../../domain/api-key.js";
import { SCOPES } from "../../domain/scopes.js";
import { idOf, opaque, text, timestamp } from "../../http/schemas.js";

export const ScopeSchema = z.enum(SCOPES);
/** Scopes as stored on a key (the list may grow, so answers document the shape, not today's names). */
export const ScopesOut = z
  .array(z.string().max(64).regex(/^[a-z_]+:[a-z_]+$/))
  .max(50)
  .openapi({ description: "Empty: every scope", example: [...SCOPES] });

export const ApiKeySchema = z
  .object({
    id: idOf("key"),
    name: text(200),
    prefix: opaque(32, "The first characters of the key, to recognise it").openapi({ example: "hnd_4f9Qa1Zx" }),
    status: z.enum(["active", "revoked", "expired"]),
    projectId: idOf("prj"),
    agentId: idOf("agt").nullable(),
    scopes: ScopesOut,
    expiresAt: timestamp().nullable(),
    revokedAt: timestamp().nullable(),
    lastUsedAt: timestamp("Updated at most once a minute").nullable(),
    replacedByKeyId: idOf("key").nullable(),
    createdAt: timestamp(),
  })
  .openapi("ApiKey");

export const ApiKeyWithSecretSchema = ApiKeySchema.extend({
  key: opaque(200, "The full key, shown this once"),
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
