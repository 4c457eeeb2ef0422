import type { ApiKey } from "../../../db/schema.js";
import type { ActorContext, ProjectActor } from "../../domain/actors.js";
import { coversScopes, narrowScopes, type Scope } from "../../domain/scopes.js";
import type { AppDeps } from "../../deps.js";
import { DomainError } from "../../domain/errors.js";
import type { Executor } from "../db-types.js";
import { paginate, type PageParams } from "../pagination.js";
import { change, type ChangeOptions } from "../unit-of-work.js";
import { assertRollable, earliest, issueKey, retireRolledKey } from "./issue.js";

export const MAX_ROLL_GRACE_SECONDS = 86_400;


export function listKeys(deps: AppDeps, projectId: string, page: PageParams) {
  return paginate(deps.db.selectFrom("api_keys").selectAll().where("project_id", "=", projectId), page);
}

/** A key of the caller's project; anything else is a 404. */
export async function findKey(db: Executor, projectId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom("api_keys").selectAll().where("project_id", "=", projectId).where("id", "=", id);
  if (opts.forUpdate) query = query.forUpdate();
  const key = await query.executeTakeFirst();
  if (!key) throw new DomainError("not_found", `No API key ${id} in this project.`);
  return key;
}

export type CreateKeyInput = {
  name: string;
  agentId?: string | undefined;
  expiresIn?: number | undefined;
  scopes?: Scope[] | undefined;
};

export async function createKey(
  deps: AppDeps,
  ctx: ActorContext<ProjectActor>,
  input: CreateKeyInput,
  opts: ChangeOptions = {},
): Promise<{ secret: string; row: ApiKey }> {
  const actor = ctx.actor;
  const scopes = narrowScopes(actor.scopes, input.scopes);
  if (!scopes.ok) {
    throw new DomainError("insufficient_scope", `A key cannot grant scopes it lacks: ${scopes.missing.join(", ")}.`, {
      errors: [{ path: "scopes", message: `not held by the calling key: ${scopes.missing.join(", ")}` }],
    });
  }
  return change(deps, ctx, opts, async ({ trx, now, audit }) => {
    if (input.agentId !== undefined) {
      const agent = await trx
        .selectFrom("agents")
        .select("id")
        .where("id", "=", input.agentId)
        .where("project_id", "=", actor.projectId)
        // Holds off a concurrent deleteAgent until this key is committed, so the delete revokes it
        // (or, if the delete went first, this finds no agent): never a live key of a deleted agent.
        .forShare()
        .executeTakeFirst();
      if (!agent) {
        throw new DomainError("validation_failed", `agentId: no agent ${input.agentId} in this project`, {
          errors: [{ path: "agentId", message: "no such agent in this project" }],
        });
      }
    }
    const issued = await issueKey(trx, {
      organizationId: actor.organizationId,
      kind: "project",
      projectId: actor.projectId,
      agentId: input.agentId ?? null,
      name: input.name,
      scopes: scopes.scopes,
      expiresAt: earliest(input.expiresIn === undefined ? null : new Date(now.getTime() + input.expiresIn * 1000), actor.expiresAt),
      now,
    });
    await audit("api_key.created", { type: "api_key", id: issued.row.id }, {
      projectId: actor.projectId,
      agentId: issued.row.agent_id,
      scopes: scopes.scopes,
    });
    return issued;
  });
}

/** Revoking a revoked key is a no-op that returns it. */
export async function revokeKey(deps: AppDeps, ctx: ActorContext<ProjectActor>, id: string) {
  const actor = ctx.actor;
  return change(deps, ctx, {}, async ({ trx, now, audit, invalidate }) => {
    const key = await findKey(trx, actor.projectId, id, { forUpdate: true });
    if (key.revoked_at && key.revoked_at.getTime() <= now.getTime()) return key;
    // A narrow key may revoke itself, but not lock out a key holding scopes it lacks (e.g. the provisioned one).
    const self = actor.kind === "project" && actor.keyId === key.id;
    if (!self && !coversScopes(actor.scopes, key.scopes)) {
      throw new DomainError("insufficient_scope", "A key cannot revoke a key holding scopes it lacks.");
    }
    const revoked = await trx
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", key.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit("api_key.revoked", { type: "api_key", id: key.id });
    invalidate({ keys: [key.id] });
    return revoked;
  });
}

/**
 * Replaces a key with a new one of the same name, agent, scopes and expiry (capped at the caller's
 * own expiry, as for a created key). The old key keeps working
 * only for the grace period (0: it stops now). A key is rolled at most once: the guarded update
 * (`replaced_by_key_id is null`) lets exactly one of many concurrent rolls win.
 */
export async function rollKey(
  deps: AppDeps,
  ctx: ActorContext<ProjectActor>,
  id: string,
  gracePeriodSeconds: number,
  opts: ChangeOptions = {},
) {
  const actor = ctx.actor;
  return change(deps, ctx, opts, async ({ trx, now, audit, invalidate }) => {
    const old = await findKey(trx, actor.projectId, id, { forUpdate: true });
    // The new key copies the old one's scopes: rolling a wider key would mint scopes the caller lacks.
    if (!coversScopes(actor.scopes, old.scopes)) {
      throw new DomainError("insufficient_scope", "A key cannot roll a key holding scopes it lacks.");
    }
    assertRollable(old, now);
    const next = await issueKey(trx, {
      organizationId: old.organization_id,
      kind: "project",
      projectId: old.project_id,
      agentId: old.agent_id,
      name: old.name,
      scopes: old.scopes,
      // Like createKey: a key never mints a key that outlives it.
      expiresAt: earliest(old.expires_at, actor.expiresAt),
      now,
    });
    const oldUpdated = await retireRolledKey(trx, old, next.row.id, gracePeriodSeconds, now);
    await audit("api_key.rolled", { type: "api_key", id: old.id }, { newKeyId: next.row.id, gracePeriodSeconds });
    // After commit, so no lookup re-caches the old key's record as it was.
    invalidate({ keys: [old.id] });
    return { old: oldUpdated, next };
  });
}
