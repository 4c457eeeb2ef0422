import type { ProvisionStatus } from "../../../db/schema.js";
import type { AppDeps } from "../../deps.js";
import { paginate, type PageParams } from "../pagination.js";

/**
 * Newest first, keyset-paginated. Status filters use the effective status: a pending provision past
 * its expiry lists as expired even before the sweeper has run.
 */
export function listProvisions(
  deps: AppDeps,
  params: PageParams & { organizationId: string; status?: ProvisionStatus | undefined },
) {
  const now = deps.clock.now();
  let query = deps.db.selectFrom("provisions").selectAll().where("organization_id", "=", params.organizationId);
  if (params.status === "pending") {
    query = query.where("status", "=", "pending").where("expires_at", ">", now);
  } else if (params.status === "expired") {
    query = query.where((eb) =>
      eb.or([eb("status", "=", "expired"), eb.and([eb("status", "=", "pending"), eb("expires_at", "<=", now)])]),
    );
  } else if (params.status) {
    query = query.where("status", "=", params.status);
  }
  return paginate(query, params);
}
