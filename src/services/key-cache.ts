import type { ApiKeyKind, MembershipState, ProvisionStatus } from "../../db/schema.js";

/** What key verification needs to know about a key, as read from the database. */
export type KeyRecord = {
  id: string;
  kind: ApiKeyKind;
  organizationId: string;
  projectId: string | null;
  agentId: string | null;
  scopes: string[];
  /** Organization keys: their creator (null: the server). */
  createdByUserId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  provision: { status: ProvisionStatus; expiresAt: Date } | null;
  /** The project owner's membership in the key's organization (project keys): suspension cuts the key off. */
  owner: { userId: string; state: MembershipState; deauthorizeAt: Date | null } | null;
};

/**
 * A small in-process cache of verified keys: bounded size (the oldest entry leaves first) and a
 * short TTL. Validity is re-checked against the clock on every hit, so expiry is exact; the TTL only
 * bounds how long another instance may keep accepting a key revoked or cancelled elsewhere. Revoke
 * and cancel on this instance invalidate at once.
 */
export class KeyCache {
  private entries = new Map<string, { record: KeyRecord; until: number; details?: unknown }>();
  /**
   * Bumped by every invalidation. A lookup that read the database before an invalidation must not
   * put its (now stale) record back afterwards: `set` skips it when the generation moved.
   */
  private generation = 0;
  /** Database reads in flight (`shareRead`), by slot, with the generation they started in. */
  private reads = new Map<string, { generation: number; read: Promise<unknown> }>();

  /**
   * `shareReads`: concurrent misses of one key share one database read. Off on Workers, where a
   * promise must not cross from one request's I/O to another request.
   */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly shareReads = true,
  ) {}

  /**
   * Runs `read` for `slot` (e.g. a key's hash) unless a read of the same slot started in this
   * generation is still in flight, whose promise is then answered instead: when a busy key's entry
   * ends, the requests waiting on it make one lookup, not one each. A read from before an
   * invalidation is never shared with a request that arrives after it. `read` gets the generation to
   * pass to `set` or `attachDetails`.
   */
  shareRead<T>(slot: string, read: (generation: number) => Promise<T>): Promise<T> {
    const generation = this.generation;
    if (!this.shareReads) return read(generation);
    const inFlight = this.reads.get(slot);
    if (inFlight && inFlight.generation === generation) return inFlight.read as Promise<T>;
    const entry = { generation, read: read(generation) };
    this.reads.set(slot, entry);
    const forget = () => {
      if (this.reads.get(slot) === entry) this.reads.delete(slot);
    };
    entry.read.then(forget, forget);
    return entry.read;
  }

  /**
   * A hit does not move its entry: with a TTL of seconds that a hit does not extend, insertion order is
   * expiry order, so the oldest entry is the next to go anyway — and reordering would cost a delete and
   * an insert on every request.
   */
  get(hash: string, nowMs: number): KeyRecord | undefined {
    const hit = this.entries.get(hash);
    if (!hit) return undefined;
    if (hit.until > nowMs) return hit.record;
    this.entries.delete(hash);
    return undefined;
  }

  set(hash: string, record: KeyRecord, nowMs: number, readAtGeneration = this.generation): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0 || readAtGeneration !== this.generation) return;
    this.entries.delete(hash);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(hash, { record, until: nowMs + this.ttlMs });
  }

  /** What GET /v1/me answers for this key, kept with the key's entry and dropped with it. */
  details<T>(hash: string): T | undefined {
    return this.entries.get(hash)?.details as T | undefined;
  }

  attachDetails(hash: string, details: unknown, readAtGeneration = this.generation): void {
    if (readAtGeneration !== this.generation) return;
    const hit = this.entries.get(hash);
    if (hit) hit.details = details;
  }

  invalidateKey(keyId: string): void {
    this.generation++;
    for (const [hash, { record }] of this.entries) if (record.id === keyId) this.entries.delete(hash);
  }

  invalidateProject(projectId: string): void {
    this.generation++;
    for (const [hash, { record }] of this.entries) if (record.projectId === projectId) this.entries.delete(hash);
  }

  /** Every key of the projects a person owns in an organization (their suspension or reactivation). */
  invalidateOwner(organizationId: string, userId: string): void {
    this.generation++;
    for (const [hash, { record }] of this.entries) {
      if (record.organizationId === organizationId && record.owner?.userId === userId) this.entries.delete(hash);
    }
  }

  /** Many projects in one pass over the cache (a sweeper batch), not one pass per project. */
  invalidateProjects(projectIds: Iterable<string>): void {
    this.generation++;
    if (this.entries.size === 0) return;
    const gone = new Set(projectIds);
    if (gone.size === 0) return;
    for (const [hash, { record }] of this.entries) {
      if (record.projectId !== null && gone.has(record.projectId)) this.entries.delete(hash);
    }
  }

  /** Everything (the key-cache channel was down: what it carried meanwhile is lost). */
  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
