import 'server-only';

/**
 * A fixed-window counter in this process's memory, bounded in size. Each `web` replica limits on
 * its own; with N replicas an attacker gets at most N times the budget, which still stops guessing.
 *
 * Memory is bounded by `maxKeys`: expired windows are swept first, then the oldest windows are
 * evicted. Eviction can only forget a counter, never block anyone; callers check the broader key
 * (the client address) first and only count the narrow one (the e-mail) when that passed, so a
 * flood of made-up keys is refused before it is stored.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (entry) this.hits.delete(key);
      this.makeRoom(now);
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      return 0;
    }
    entry.count += 1;
    return entry.count > this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  get size(): number {
    return this.hits.size;
  }

  private makeRoom(now: number) {
    if (this.hits.size < this.maxKeys) return;
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
    // Map iteration is insertion order, and a key is re-inserted when its window restarts, so
    // the first entries are the oldest windows.
    for (const key of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}

/** Checks the broad key first and counts the narrow one only if the broad one passed. */
export function hitInOrder(checks: Array<[RateLimiter, string | null]>, now = Date.now()): number {
  for (const [limiter, key] of checks) {
    if (key === null) continue;
    const wait = limiter.hit(key, now);
    if (wait) return wait;
  }
  return 0;
}
