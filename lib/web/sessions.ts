// Session versions: a session (JWT cookie) names the account's session version it was issued
// under; "sign out everywhere" and a password change raise the version, ending every older session.
// Each replica caches a version for a short while, so another replica honours a change within
// VERSION_TTL_MS and an API call costs no database query in the common case: an entry past half its
// life is still used and refreshed in the background, so an active user's calls never wait for one.
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { processSingleton } from '@/lib/platform/singleton';
import { getWebDb } from './db/client';
import { users } from './db/schema';

/** A session ends a week after its last renewal. */
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

const VERSION_TTL_MS = 30_000;
const REFRESH_AFTER_MS = VERSION_TTL_MS / 2;
const MAX_CACHED = 100_000;
type Entry = { version: number | null; at: number; refreshing?: boolean };
// One cache per process (Next's bundles and the fast lane): a version raised by sign-out-everywhere in
// one module instance is seen at once by the others.
const cache = processSingleton('web.session-versions', () => new Map<string, Entry>());

/** The account's current session version; null when the account does not exist (any more). */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const hit = cache.get(userId);
  const age = hit ? Date.now() - hit.at : Number.POSITIVE_INFINITY;
  if (hit && age < VERSION_TTL_MS) {
    if (age >= REFRESH_AFTER_MS && !hit.refreshing) {
      hit.refreshing = true;
      readVersion(userId).catch(() => {
        hit.refreshing = false; // the next call tries again; the entry stays valid until its TTL
      });
    }
    return hit.version;
  }
  return readVersion(userId);
}

/** Reads the version from the database and caches it, unless a newer entry was cached meanwhile. */
async function readVersion(userId: string): Promise<number | null> {
  const startedAt = Date.now();
  const db = await getWebDb();
  const [row] = await db.select({ version: users.sessionVersion }).from(users).where(eq(users.id, userId));
  const version = row?.version ?? null;
  // A version raised while this read was on its way (raiseSessionVersion) must not be overwritten by it.
  const current = cache.get(userId);
  if (!current || current.at < startedAt) remember(userId, version, startedAt);
  return version;
}

/** Whether a session issued under `version` is still valid. */
export async function isSessionCurrent(userId: string, version: unknown): Promise<boolean> {
  const current = await currentSessionVersion(userId);
  // Accounts outside this table (OAuth sign-ins) have no version to check.
  if (current === null) return version === undefined;
  return (typeof version === 'number' ? version : 0) === current;
}

/** Ends every session of the account; returns the new version. */
export async function raiseSessionVersion(userId: string): Promise<number> {
  const db = await getWebDb();
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ version: users.sessionVersion });
  const version = row?.version ?? 0;
  remember(userId, version, Date.now());
  return version;
}

function remember(userId: string, version: number | null, at: number) {
  cache.delete(userId);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(userId, { version, at });
}
