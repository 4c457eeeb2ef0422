import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.js";
import type { AppDeps } from "../deps.js";

/** Runs `work` in the caller's transaction when there is one (e.g. an idempotent request's), else in its own. */
export function inTransaction<T>(
  deps: AppDeps,
  trx: Transaction<Database> | undefined,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return trx ? work(trx) : deps.db.transaction().execute(work);
}
