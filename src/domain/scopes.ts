/**
 * What a project key may do with the Handoff API. An empty list means every scope (the provisioned
 * key has all of them). A key can only mint keys whose scopes it holds itself, so no key escalates.
 */
export const SCOPES = ["agents:read", "agents:write", "keys:read", "keys:write"] as const;
export type Scope = (typeof SCOPES)[number];

export function hasScope(granted: readonly string[], needed: Scope): boolean {
  return granted.length === 0 || granted.includes(needed);
}

/** The scopes a new key would have, or the ones the creator lacks. */
export function narrowScopes(creator: readonly string[], requested: readonly Scope[] | undefined) {
  const wanted = requested && requested.length > 0 ? [...new Set(requested)] : [];
  if (creator.length === 0) return { ok: true as const, scopes: wanted };
  if (wanted.length === 0) return { ok: true as const, scopes: [...creator] };
  const missing = wanted.filter((s) => !creator.includes(s));
  return missing.length ? { ok: false as const, missing } : { ok: true as const, scopes: wanted };
}

/** Whether a key holding `holder` holds every scope of `target` (either empty: every scope). */
export function coversScopes(holder: readonly string[], target: readonly string[]): boolean {
  if (holder.length === 0) return true;
  return (target.length === 0 ? SCOPES : target).every((s) => holder.includes(s));
}
