import { displayPrefix, generateApiKey, hashApiKey } from "../../domain/api-key.js";
import { actorRef, type ActorContext, type TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { guardActorOf } from "../team/standing.js";
import { change } from "../unit-of-work.js";

/**
 * An organization's SCIM bearer tokens: what an identity provider (Entra ID, Okta…) sends to /scim/v2.
 * The token has the API key format (prefix, 256 random bits, checksum) and is shown once; only its
 * SHA-256 hash is stored. A token acts with an organization credential's standing (every team
 * permission, owners included), so only an owner or the admin key may create one: nothing grants more
 * than its creator holds.
 */
export type ScimTokenView = {
  id: string;
  name: string;
  displayPrefix: string;
  createdBy: { type: string; id: string | null };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** An organization keeps at most this many tokens (revoked ones included) in its list. */
export const MAX_SCIM_TOKENS = 100;

type Row = {
  id: string;
  name: string;
  display_prefix: string;
  created_by_type: string;
  created_by_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

function toView(r: Row): ScimTokenView {
  return {
    id: r.id,
    name: r.name,
    displayPrefix: r.display_prefix,
    createdBy: { type: r.created_by_type, id: r.created_by_id },
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

async function assertOwnerStanding(db: Executor, actor: TeamActor): Promise<void> {
  const guard = await guardActorOf(db, actor);
  if (guard.kind === "member" && guard.role !== "owner") {
    throw new DomainError("owner_required", "Only an owner manages SCIM tokens: a token acts with an owner's standing.");
  }
}

export async function createScimToken(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  input: { name: string },
): Promise<{ token: string; view: ScimTokenView }> {
  const organizationId = ctx.actor.organizationId;
  const token = generateApiKey();
  const id = newId("scimToken");
  const by = actorRef(ctx.actor);
  return change(deps, ctx, {}, async (unit) => {
    await assertOwnerStanding(unit.trx, ctx.actor);
    const row = await unit.trx
      .insertInto("scim_tokens")
      .values({
        id,
        organization_id: organizationId,
        name: input.name,
        display_prefix: displayPrefix(token),
        secret_hash: hashApiKey(token),
        created_by_type: by.type,
        created_by_id: by.id,
        created_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit("scim_token.created", { type: "scim_token", id }, { name: input.name });
    return { token, view: toView(row) };
  });
}

/** Newest first; an organization has few. */
export async function listScimTokens(db: Executor, organizationId: string): Promise<ScimTokenView[]> {
  const rows = await db
    .selectFrom("scim_tokens")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(MAX_SCIM_TOKENS)
    .execute();
  return rows.map(toView);
}

/** Revokes at once (every request looks the token up: nothing caches it). A revoked token: 409. */
export async function revokeScimToken(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<ScimTokenView> {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    await assertOwnerStanding(unit.trx, ctx.actor);
    const row = await unit.trx
      .updateTable("scim_tokens")
      .set({ revoked_at: unit.now })
      .where("organization_id", "=", organizationId)
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await unit.trx.selectFrom("scim_tokens").select("id").where("organization_id", "=", organizationId).where("id", "=", id).executeTakeFirst();
      if (!exists) throw new DomainError("not_found", "No such SCIM token in this organization.");
      throw new DomainError("scim_token_revoked", "This SCIM token was already revoked.");
    }
    await unit.audit("scim_token.revoked", { type: "scim_token", id }, { name: row.name });
    return toView(row);
  });
}
