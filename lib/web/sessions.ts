// Session versions: a session (JWT cookie) names the account's session version it was issued
// under; "sign out everywhere" and a password change raise the version, ending every older session.
// Each replica caches a version for a short while, so another replica honours a change within
// VERSION_TTL_MS and an API call costs no database query in the common case.
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { processSingleton } from '@/lib/platform/singleton';
import { getWebDb } from './db/client';
import { users } from './db/schema';

/** A session ends a week after its last renewal. */
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

const VERSION_TTL_MS = 30_000;
const MAX_CACHED = 100_000;
// One cache per process (Next's bundles and the fast lane): a version raised by sign-out-everywhere in
// one module instance is seen at once by the others.
const cache = processSingleton('web.session-versions', () => new Map<string, { version: number | null; at: number }>());

/** The account's current session version; null when the account does not exist (any more). */
export async function currentSessionVersion(userId: string, now = Date.now()): Promise<number | null> {
  const hit = cache.get(userId);
  if (hit && now - hit.at < VERSION_TTL_MS) return hit.version;
  const db = await getWebDb();
  const [row] = await db.select({ version: users.sessionVersion }).from(users).where(eq(users.id, userId));
  remember(userId, row?.version ?? null, now);
  return row?.version ?? null;
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
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.delete(userId);
  cache.set(userId, { version, at });
}
