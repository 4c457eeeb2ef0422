import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.js";

/** Queries take either: the service that calls them decides the transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
