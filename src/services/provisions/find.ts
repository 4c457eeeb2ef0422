import type { Provision } from "../../../db/schema.js";
import { DomainError } from "../../domain/errors.js";
import type { Executor } from "../db-types.js";

/**
 * A provision of the caller's organization, optionally locked for the rest of the transaction.
 * Another organization's id answers exactly like an unknown one.
 */
export async function findProvision(
  db: Executor,
  organizationId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Provision> {
  let query = db
    .selectFrom("provisions")
    .selectAll()
    .where("id", "=", id)
    .where("organization_id", "=", organizationId);
  if (opts.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError("not_found", `No provision ${id} in this organization.`);
  return row;
}
