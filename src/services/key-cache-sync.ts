import { sql } from "kysely";
import type { KeyCache } from "./key-cache.js";
import type { Executor } from "./db-types.js";

/**
 * What a change makes stale in every instance's key cache: keys by id, every key of some projects, every
 * key of the projects a person owns in an organization (their suspension, reactivation or deletion).
 */
export type Invalidation = {
  keys?: string[];
  projects?: string[];
  owners?: { organizationId: string; userId: string }[];
};

/** The PostgreSQL channel the instances share (a test or bench on a schema of its own adds the schema). */
export const KEY_CACHE_CHANNEL = "handoff_key_cache";

/** NOTIFY payloads must stay under 8000 bytes: a sweeper batch's projects go in several messages. */
const MAX_IDS_PER_MESSAGE = 200;

/** Applies an invalidation to this instance's cache. */
export function applyInvalidation(cache: KeyCache, inv: Invalidation): void {
  for (const keyId of inv.keys ?? []) cache.invalidateKey(keyId);
  if (inv.projects?.length) cache.invalidateProjects(inv.projects);
  for (const o of inv.owners ?? []) cache.invalidateOwner(o.organizationId, o.userId);
}

/** Merges `more` into `into` (a unit of work collects its change's invalidations in one). */
export function mergeInvalidation(into: Invalidation, more: Invalidation): void {
  if (more.keys?.length) (into.keys ??= []).push(...more.keys);
  if (more.projects?.length) (into.projects ??= []).push(...more.projects);
  if (more.owners?.length) (into.owners ??= []).push(...more.owners);
}

export function isEmpty(inv: Invalidation): boolean {
  return !inv.keys?.length && !inv.projects?.length && !inv.owners?.length;
}

/** The messages for one invalidation, each small enough for NOTIFY. */
export function invalidationMessages(inv: Invalidation): string[] {
  const messages: string[] = [];
  const chunk = <T>(list: T[] | undefined, wrap: (part: T[]) => Invalidation) => {
    for (let i = 0; list && i < list.length; i += MAX_IDS_PER_MESSAGE) messages.push(JSON.stringify(wrap(list.slice(i, i + MAX_IDS_PER_MESSAGE))));
  };
  chunk(inv.keys, (keys) => ({ keys }));
  chunk(inv.projects, (projects) => ({ projects }));
  chunk(inv.owners, (owners) => ({ owners }));
  return messages;
}

/**
 * Sends the invalidation on `channel` inside the change's transaction: PostgreSQL delivers a NOTIFY to
 * the listeners only when (and if) the transaction commits, so no instance drops a key for a change that
 * rolled back, and every listening instance hears of one that committed.
 */
export async function publishInvalidation(trx: Executor, channel: string, inv: Invalidation): Promise<void> {
  const messages = invalidationMessages(inv);
  if (messages.length === 0) return;
  await sql`select pg_notify(${channel}, m) from unnest(${messages}::text[]) as m`.execute(trx);
}

/** A message as received: anything malformed is ignored (the TTL still bounds the cache). */
export function parseInvalidation(payload: string | undefined): Invalidation | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as Invalidation;
    const strings = (a: unknown) => a === undefined || (Array.isArray(a) && a.every((x) => typeof x === "string"));
    const owners = v.owners === undefined || (Array.isArray(v.owners) && v.owners.every((o) => typeof o?.organizationId === "string" && typeof o?.userId === "string"));
    return v && typeof v === "object" && strings(v.keys) && strings(v.projects) && owners ? v : null;
  } catch {
    return null;
  }
}
