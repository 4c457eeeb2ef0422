import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema.js";
import type { SweepCutoffs } from "../../domain/sweep-rules.js";
import type { Unit } from "../unit-of-work.js";

/** What one batch did: how many rows it handled, and whose cached keys must go. */
export type BatchResult = { count: number; projectIds: string[] };

/** `audit`: the batch's unit of work records events as the sweeper (steps writing one event per row at a time). */
export type BatchInput = { cutoffs: SweepCutoffs; now: Date; limit: number; audit: Unit["audit"]; announce: Unit["announce"] };

/** One kind of sweeper work, done at most `limit` rows at a time inside the caller's transaction. */
export type BatchStep = (trx: Transaction<Database>, input: BatchInput) => Promise<BatchResult>;

export const NOTHING: BatchResult = { count: 0, projectIds: [] };
