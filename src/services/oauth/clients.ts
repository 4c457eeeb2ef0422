import type { Selectable } from "kysely";
import type { OAuthClientsTable } from "../../../db/schema.js";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { sha256Hex } from "../../domain/encoding.js";
import { DomainError } from "../../domain/errors.js";
import { newId } from "../../domain/ids.js";
import { newClientSecret } from "../../domain/oauth.js";
import { broadScopes, type TeamScope } from "../../domain/team-scopes.js";
import type { AppDeps } from "../../deps.js";
import type { Executor } from "../db-types.js";
import { covers, grantorOf, scopesToGrant } from "../organization-keys/grantor.js";
import { paginate, type PageParams } from "../pagination.js";
import { change, type ChangeOptions } from "../unit-of-work.js";

export type OAuthClient = Selectable<OAuthClientsTable>;

/**
 * OAuth clients (client credentials) of an organization: a name, scopes and a secret shown once. The
 * client's creator bounds its tokens like an organization key's; disabling a client stops its tokens
 * at once (tokens are checked against their client on every request, never cached).
 */
export function listClients(deps: AppDeps, organizationId: string, page: PageParams) {
  return paginate(deps.db.selectFrom("oauth_clients").selectAll().where("organization_id", "=", organizationId), page);
}

async function findClient(db: Executor, organizationId: string, id: string): Promise<OAuthClient> {
  const row = await db.selectFrom("oauth_clients").selectAll().where("organization_id", "=", organizationId).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new DomainError("not_found", `No OAuth app ${id} in this organization.`);
  return row;
}

export async function createClient(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  input: { name: string; scopes: TeamScope[] },
  opts: ChangeOptions = {},
): Promise<{ client: OAuthClient; secret: string }> {
  return change(deps, ctx, opts, async ({ trx, now, audit }) => {
    const grantor = await grantorOf(trx, ctx.actor);
    const scopes = scopesToGrant(grantor, input.scopes);
    const secret = newClientSecret();
    const client = await trx
      .insertInto("oauth_clients")
      .values({
        id: newId("oauthClient"),
        organization_id: ctx.actor.organizationId,
        name: input.name,
        scopes: JSON.stringify(scopes),
        secret_hash: sha256Hex(secret),
        secret_prefix: secret.slice(0, 12),
        created_by_user_id: grantor.createdBy,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit("oauth_app.created", { type: "oauth_client", id: client.id }, {
      scopes,
      createdBy: grantor.createdBy,
      ...(broadScopes(scopes).length > 0 ? { privilegeRaise: true } : {}),
    });
    return { client, secret };
  });
}

/** Disables (`disabled: true`: its tokens stop at once, none are issued) or enables a client. Idempotent. */
export async function setClientDisabled(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string, disabled: boolean): Promise<OAuthClient> {
  return change(deps, ctx, {}, async ({ trx, now, audit }) => {
    const client = await findClient(trx, ctx.actor.organizationId, id);
    if ((client.disabled_at !== null) === disabled) return client;
    if (!covers(await grantorOf(trx, ctx.actor), client.scopes)) {
      throw new DomainError("insufficient_scope", "You cannot change an OAuth app holding scopes you do not hold.");
    }
    const updated = await trx
      .updateTable("oauth_clients")
      .set({ disabled_at: disabled ? now : null })
      .where("id", "=", id)
      .where("disabled_at", disabled ? "is" : "is not", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(disabled ? "oauth_app.disabled" : "oauth_app.enabled", { type: "oauth_client", id });
    return updated;
  });
}

/** Deletes a client with its tokens (they stop at once). */
export async function deleteClient(deps: AppDeps, ctx: ActorContext<TeamActor>, id: string): Promise<void> {
  await change(deps, ctx, {}, async ({ trx, audit }) => {
    const client = await findClient(trx, ctx.actor.organizationId, id);
    if (!covers(await grantorOf(trx, ctx.actor), client.scopes)) {
      throw new DomainError("insufficient_scope", "You cannot delete an OAuth app holding scopes you do not hold.");
    }
    await trx.deleteFrom("oauth_clients").where("id", "=", id).execute();
    await audit("oauth_app.deleted", { type: "oauth_client", id }, { name: client.name });
  });
}
