import type { Insertable } from "kysely";
import type { ApiKey, ApiKeyKind, ApiKeysTable } from "../../../db/schema.js";
import { displayPrefix, generateApiKey, hashApiKey } from "../../domain/api-key.js";
import { newId } from "../../domain/ids.js";
import type { Executor } from "../db-types.js";

export type IssueKeyInput = {
  organizationId: string;
  kind: ApiKeyKind;
  projectId: string | null;
  agentId: string | null;
  name: string;
  scopes?: string[];
  expiresAt?: Date | null;
  now: Date;
};

/** A fresh key and the row that stores it: the key itself is returned once and never stored. */
export function newKeyRow(input: IssueKeyInput): { secret: string; values: Insertable<ApiKeysTable> } {
  const secret = generateApiKey();
  return {
    secret,
    values: {
      id: newId("apiKey"),
      organization_id: input.organizationId,
      kind: input.kind,
      project_id: input.projectId,
      agent_id: input.agentId,
      name: input.name,
      display_prefix: displayPrefix(secret),
      secret_hash: hashApiKey(secret),
      scopes: JSON.stringify(input.scopes ?? []),
      expires_at: input.expiresAt ?? null,
      created_at: input.now,
    },
  };
}

/** Creates a key and returns it in full exactly once; only its SHA-256 hash is stored. */
export async function issueKey(db: Executor, input: IssueKeyInput): Promise<{ secret: string; row: ApiKey }> {
  const { secret, values } = newKeyRow(input);
  const row = await db.insertInto("api_keys").values(values).returningAll().executeTakeFirstOrThrow();
  return { secret, row };
}
