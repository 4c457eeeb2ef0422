import type { Executor } from "../db-types.js";

/**
 * Who the user ids of an event or an alert are, for people reading it (the Activity page, the alert
 * mail): the trail keeps ids — names change, ids do not — and these are looked up when shown.
 */
export async function peopleNames(db: Executor, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id) => id.startsWith("usr_")))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "name", "email"]).where("id", "in", wanted).execute();
  return new Map(rows.flatMap((r) => (r.name || r.email ? [[r.id, r.name && r.email ? `${r.name} <${r.email}>` : (r.name ?? r.email)!] as const] : [])));
}

/** The user ids of `ids` named in `text`, each followed by who it is: "usr_1" → "Ada Lovelace <ada@…> (usr_1)". */
export function withNames(text: string, names: Map<string, string>): string {
  return text.replace(/usr_[A-Za-z0-9_-]+/g, (id) => (names.has(id) ? `${names.get(id)} (${id})` : id));
}

/** The user ids a text mentions. */
export const userIdsIn = (text: string): string[] => text.match(/usr_[A-Za-z0-9_-]+/g) ?? [];
