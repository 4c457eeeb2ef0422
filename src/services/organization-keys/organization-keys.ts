import type { ApiKey } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { DomainError } from "../../domain/errors.js";
import { broadScopes, type TeamScope } from "../../domain/team-scopes.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { assertRollable, earliest, issueKey, retireRolledKey } from "../keys/issue.js";
import { paginate, type PageParams } from "../pagination.js";
import { change, type ChangeOptions } from "../unit-of-work.js";
import { covers, grantorOf, scopesToGrant } from "./grantor.js";

/**
 * Organization API keys: `api_keys` rows of kind `admin` (no project), each with scopes and a creator.
 * The bootstrap key is one of them (created by the server, every scope) and can be rolled or revoked
 * like any other; `handoff-admin api-key` issues a new one should every key be lost.
 */
export function listOrganizationKeys(deps: AppDeps, organizationId: string, page: PageParams) {
  return paginate(
    deps.db.selectFrom("api_keys").selectAll().where("organization_id", "=", organizationId).where("kind", "=", "admin"),
    page,
  );
}

async function findOrganizationKey(db: Executor, organizationId: string, id: string): Promise<ApiKey> {
  const key = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("kind", "=", "admin")
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!key) throw new DomainError("not_found", `No organization API key ${id} in this organization.`);
  return key;
}

export type CreateOrganizationKeyInput = { name: string; scopes: TeamScope[]; expiresIn?: number | undefined };

export async function createOrganizationKey(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  input: CreateOrganizationKeyInput,
  opts: ChangeOptions = {},
): Promise<{ secret: string; row: ApiKey }> {
  return change(deps, ctx, opts, async ({ trx, now, audit }) => {
    const grantor = await grantorOf(trx, ctx.actor);
    const scopes = scopesToGrant(grantor, input.scopes);
    const requested = input.expiresIn === undefined ? null : new Date(now.getTime() + input.expiresIn * 1000);
    const issued = await issueKey(trx, {
      organizationId: ctx.actor.organizationId,
      kind: "admin",
      projectId: null,
      agentId: null,
      name: input.name,
      scopes,
      expiresAt: earliest(requested, grantor.expiresAt),
      createdByUserId: grantor.createdBy,
      now,
    });
    await audit("organization_api_key.created", { type: "api_key", id: issued.row.id }, {
      scopes,
      expiresAt: issued.row.expires_at?.toISOString() ?? null,
      createdBy: grantor.createdBy,
      ...(broadScopes(scopes).length > 0 ? { privilegeRaise: true } : {}),
    });
    return issued;
  });
}

/**
 * Revokes a key: it stops at once (this instance's key cache is purged after commit; other instances
 * within the cache TTL). Revoking a revoked key returns it. A credential may revoke itself, but not a
 * key holding scopes the caller could not grant (no locking out a wider key).
 */
export async function revokeOrganizationKey(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<ApiKey> {
  return change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
    const key = await findOrganizationKey(trx, ctx.actor.organizationId, id);
    if (key.revoked_at && key.revoked_at.getTime() <= now.getTime()) return key;
    const self = ctx.actor.kind === "admin" && ctx.actor.keyId === key.id;
    if (!self && !covers(await grantorOf(trx, ctx.actor), key.scopes)) {
      throw new DomainError("insufficient_scope", "You cannot revoke a key holding scopes you do not hold.");
    }
    const revoked = await trx
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", key.id)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit("organization_api_key.revoked", { type: "api_key", id: key.id });
    invalidate({ keys: [key.id] });
    return revoked;
  });
}

/**
 * Replaces a key with a new one of the same name, scopes and expiry; the old one works only for the
 * grace period. The new key is the caller's (its creator is the caller's person), so rolling never
 * lends anyone another's standing; the caller must be able to grant every scope it copies.
 */
export async function rollOrganizationKey(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  id: string,
  gracePeriodSeconds: number,
  opts: ChangeOptions = {},
): Promise<{ old: ApiKey; next: { secret: string; row: ApiKey } }> {
  return change(deps, ctx, opts, async ({ trx, now, audit, invalidate }) => {
    const old = await findOrganizationKey(trx, ctx.actor.organizationId, id);
    const grantor = await grantorOf(trx, ctx.actor);
    if (!covers(grantor, old.scopes)) throw new DomainError("insufficient_scope", "You cannot roll a key holding scopes you do not hold.");
    assertRollable(old, now);
    const next = await issueKey(trx, {
      organizationId: old.organization_id,
      kind: "admin",
      projectId: null,
      agentId: null,
      name: old.name,
      scopes: old.scopes,
      expiresAt: earliest(old.expires_at, grantor.expiresAt),
      createdByUserId: grantor.createdBy,
      now,
    });
    const retired = await retireRolledKey(trx, old, next.row.id, gracePeriodSeconds, now);
    await audit("organization_api_key.rolled", { type: "api_key", id: old.id }, { newKeyId: next.row.id, gracePeriodSeconds });
    invalidate({ keys: [old.id] });
    return { old: retired, next };
  });
}
