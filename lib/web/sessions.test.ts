import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

/** The database as the session-version code sees it: one row per user, reads and raises counted. */
const db = vi.hoisted(() => {
  const versions = new Map<string, number>();
  const state = { reads: 0, gate: undefined as Promise<void> | undefined };
  const client = {
    select: () => ({
      from: () => ({
        where: async () => {
          state.reads += 1;
          const userId = [...versions.keys()][0] as string;
          const seen = versions.get(userId);
          await state.gate;
          return seen === undefined ? [] : [{ version: seen }];
        },
      }),
    }),
    update: () => ({
      set: () => ({
        where: () => ({
          returning: async () => {
            const userId = [...versions.keys()][0] as string;
            const next = (versions.get(userId) ?? 0) + 1;
            versions.set(userId, next);
            return [{ version: next }];
          },
        }),
      }),
    }),
  };
  return { versions, state, client };
});
vi.mock('./db/client', () => ({ getWebDb: async () => db.client }));

const { currentSessionVersion, raiseSessionVersion } = await import('./sessions');

const T0 = new Date('2026-12-07T12:00:00Z').getTime();
let userNo = 0;
let user = '';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  user = `user-${++userNo}`;
  db.versions.clear();
  db.versions.set(user, 1);
  db.state.reads = 0;
  db.state.gate = undefined;
});
afterEach(() => vi.useRealTimers());

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('session versions', () => {
  it('reads once, then answers from the cache within half the TTL without a query', async () => {
    expect(await currentSessionVersion(user)).toBe(1);
    vi.setSystemTime(T0 + 14_000);
    expect(await currentSessionVersion(user)).toBe(1);
    expect(db.state.reads).toBe(1);
  });

  it('past half the TTL answers at once from the cache and refreshes it once in the background', async () => {
    await currentSessionVersion(user);
    db.versions.set(user, 2); // raised on another replica
    vi.setSystemTime(T0 + 20_000);
    expect([await currentSessionVersion(user), await currentSessionVersion(user)]).toEqual([1, 1]);
    await settle();
    expect(db.state.reads).toBe(2);
    expect(await currentSessionVersion(user)).toBe(2);
  });

  it('past the TTL waits for the database', async () => {
    await currentSessionVersion(user);
    db.versions.set(user, 5);
    vi.setSystemTime(T0 + 31_000);
    expect(await currentSessionVersion(user)).toBe(5);
  });

  it('a read that was on its way while the version was raised does not bring the old version back', async () => {
    await currentSessionVersion(user);
    vi.setSystemTime(T0 + 20_000);
    let open = () => {};
    db.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The background refresh reads version 1, then waits; meanwhile this replica raises it to 2.
    await currentSessionVersion(user);
    vi.setSystemTime(T0 + 20_001);
    db.state.gate = undefined;
    expect(await raiseSessionVersion(user)).toBe(2);
    open();
    await settle();
    expect(await currentSessionVersion(user)).toBe(2);
  });
});
