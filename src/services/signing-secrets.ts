import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { SigningSecret } from "../config.js";
import { randomBytes, toBase64Url } from "../domain/encoding.js";

const PURPOSE = "claim_link";

/**
 * Claim-link secrets come from CLAIM_SIGNING_SECRETS when set. Otherwise one is generated on first
 * start and kept in the database, so links survive restarts and every instance signs alike.
 */
export async function resolveSigningSecrets(
  db: Kysely<Database>,
  configured: SigningSecret[] | undefined,
  now: Date,
): Promise<SigningSecret[]> {
  if (configured?.length) return configured;
  await db
    .insertInto("server_secrets")
    .values({ purpose: PURPOSE, key_id: "k1", secret: toBase64Url(randomBytes(32)), created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const rows = await db
    .selectFrom("server_secrets")
    .select(["key_id", "secret"])
    .where("purpose", "=", PURPOSE)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => ({ id: r.key_id, secret: r.secret }));
}
