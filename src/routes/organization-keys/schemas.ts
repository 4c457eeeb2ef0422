import { z } from "@hono/zod-openapi";
import type { ApiKey } from "../../../db/schema.js";
import { keyStatus } from "../../domain/api-key.js";
import { TEAM_SCOPES } from "../../domain/team-scopes.js";
import { idOf, opaque, text, timestamp } from "../../http/schemas.js";

export const TeamScopeSchema = z.enum(TEAM_SCOPES).openapi("TeamScope");
/** Scopes as stored on a credential (the list may grow, so answers document the shape, not today's names). */
export const TeamScopesOut = z
  .array(z.string().max(64).regex(/^[a-z_]+[:.][a-z_]+$/))
  .max(50)
  .openapi({ example: ["members:read", "members:suspend"] });

export const OrganizationKeySchema = z
  .object({
    id: idOf("key"),
    name: text(200),
    prefix: opaque(32, "The first characters of the key, to recognise it").openapi({ example: "hnd_4f9Qa1Zx" }),
    status: z.enum(["active", "revoked", "expired"]),
    scopes: TeamScopesOut,
    createdByUserId: idOf("usr").nullable().openapi({ description: "The person whose permissions bound the key; null: the server (the bootstrap key)" }),
    expiresAt: timestamp().nullable(),
    revokedAt: timestamp().nullable(),
    lastUsedAt: timestamp("Updated at most once a minute").nullable(),
    replacedByKeyId: idOf("key").nullable(),
    createdAt: timestamp(),
  })
  .openapi("OrganizationApiKey");

export const OrganizationKeyWithSecretSchema = OrganizationKeySchema.extend({
  key: opaque(200, "The full key, shown this once"),
}).openapi("OrganizationApiKeyWithSecret");

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toOrganizationKeyView(k: ApiKey, now: Date): z.infer<typeof OrganizationKeySchema> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.display_prefix,
    status: keyStatus({ revokedAt: k.revoked_at, expiresAt: k.expires_at }, now),
    scopes: k.scopes,
    createdByUserId: k.created_by_user_id,
    expiresAt: iso(k.expires_at),
    revokedAt: iso(k.revoked_at),
    lastUsedAt: iso(k.last_used_at),
    replacedByKeyId: k.replaced_by_key_id,
    createdAt: k.created_at.toISOString(),
  };
}
