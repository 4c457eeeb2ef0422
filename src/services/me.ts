import type { Agent, ProvisionStatus } from "../../db/schema.js";
import { effectiveStatus } from "../domain/provision-rules.js";
import type { AppDeps } from "../deps.js";
import { DomainError } from "../domain/errors.js";
import type { ProjectPrincipal } from "../domain/actors.js";

export type CallerDetails = {
  key: { id: string; name: string; display_prefix: string; scopes: string[]; expires_at: Date | null };
  project: { id: string; name: string; created_at: Date };
  organization: { id: string; name: string };
  agent: Agent | null;
  provision: { id: string; status: ProvisionStatus; expiresAt: Date } | null;
};

export type DescribedCaller = { details: CallerDetails; provisionStatus: ProvisionStatus | null };

/**
 * Everything a project key needs to know about itself. Agents call this often, so the answer is kept
 * with the key's cache entry (same TTL, dropped with it on revoke, cancel, claim or rename) and read
 * in one query otherwise (one for all the requests that miss it together): synchronous on a hit, like
 * the key check before it. The provision's status is decided at the moment the key was verified.
 */
export function describeCaller(deps: AppDeps, p: ProjectPrincipal): DescribedCaller | Promise<DescribedCaller> {
  const details = deps.keyCache.details<CallerDetails>(p.cacheKey);
  if (details) return described(details, p.verifiedAt);
  const read = deps.keyCache.shareRead(`details:${p.cacheKey}`, async (generation) => {
    const loaded = await loadCallerDetails(deps, p);
    deps.keyCache.attachDetails(p.cacheKey, loaded, generation);
    return loaded;
  });
  return read.then((loaded) => described(loaded, p.verifiedAt));
}

/** The same details object comes back for every hit of a cache entry, so callers may memoise on it. */
function described(details: CallerDetails, now: Date): DescribedCaller {
  return { details, provisionStatus: details.provision && effectiveStatus(details.provision, now) };
}

async function loadCallerDetails(deps: AppDeps, p: ProjectPrincipal): Promise<CallerDetails> {
  const row = await deps.db
    .selectFrom("api_keys as k")
    .innerJoin("projects as p", "p.id", "k.project_id")
    .innerJoin("organizations as o", "o.id", "k.organization_id")
    // The agent the key is bound to, else the project's default agent.
    .leftJoin("agents as a", (join) =>
      join
        .onRef("a.project_id", "=", "k.project_id")
        .on((eb) => eb.or([eb("a.id", "=", eb.ref("k.agent_id")), eb.and([eb("k.agent_id", "is", null), eb("a.is_default", "=", true)])])),
    )
    .leftJoin("provisions as pv", "pv.project_id", "k.project_id")
    .select([
      "k.id as key_id",
      "k.name as key_name",
      "k.display_prefix",
      "k.scopes",
      "k.expires_at as key_expires_at",
      "p.id as project_id",
      "p.name as project_name",
      "p.created_at as project_created_at",
      "o.id as organization_id",
      "o.name as organization_name",
      "a.id as agent_id",
      "a.name as agent_name",
      "a.identifier as agent_identifier",
      "a.is_default as agent_is_default",
      "a.created_at as agent_created_at",
      "a.updated_at as agent_updated_at",
      "pv.id as provision_id",
      "pv.status as provision_status",
      "pv.expires_at as provision_expires_at",
    ])
    .where("k.id", "=", p.keyId)
    .where("k.project_id", "=", p.projectId)
    .executeTakeFirst();
  // The key was valid a moment ago; if it vanished since (cancelled meanwhile), answer as for any bad key.
  if (!row) throw new DomainError("invalid_api_key", "The API key is not recognised.");
  return {
    key: { id: row.key_id, name: row.key_name, display_prefix: row.display_prefix, scopes: row.scopes, expires_at: row.key_expires_at },
    project: { id: row.project_id, name: row.project_name, created_at: row.project_created_at },
    organization: { id: row.organization_id, name: row.organization_name },
    agent:
      row.agent_id && row.agent_name !== null && row.agent_identifier !== null && row.agent_created_at && row.agent_updated_at
        ? {
            id: row.agent_id,
            organization_id: row.organization_id,
            project_id: row.project_id,
            name: row.agent_name,
            identifier: row.agent_identifier,
            is_default: row.agent_is_default ?? false,
            created_at: row.agent_created_at,
            updated_at: row.agent_updated_at,
          }
        : null,
    provision:
      row.provision_id && row.provision_status && row.provision_expires_at
        ? { id: row.provision_id, status: row.provision_status, expiresAt: row.provision_expires_at }
        : null,
  };
}
