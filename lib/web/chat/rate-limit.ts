// Chat turns per user per minute, counted in the state store so the limit holds across every web
// replica: a fixed one-minute window per user, incremented under the key's ETag.
import 'server-only';
import { z } from 'zod';
import { AppError, CHAT_TURNS_PER_MINUTE, COMPONENTS } from '@/lib/contracts';
import { getState, StateConflictError, saveStateIfUnchanged } from '@/lib/dapr/state';

const WINDOW_MS = 60_000;
const ATTEMPTS = 10;
const CounterSchema = z.object({ count: z.number().int().nonnegative() });

export const rateKey = (userId: string, window: number) => `chat-rate:${userId}:${window}`;

/** Counts one turn of the user, or throws a 429 AppError with Retry-After when the minute is used up. */
export async function takeChatTurn(userId: string, now = Date.now(), limit = CHAT_TURNS_PER_MINUTE): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  const key = rateKey(userId, window);
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const entry = await getState<unknown>(COMPONENTS.statestore, key);
    const parsed = CounterSchema.safeParse(entry?.value);
    const count = parsed.success ? parsed.data.count : 0;
    if (count >= limit) throw tooMany(retryAfter, limit);
    try {
      // The key outlives its window a little and then expires, so counters never pile up.
      await saveStateIfUnchanged(COMPONENTS.statestore, key, { count: count + 1 }, entry?.etag ?? null, {
        ttlSeconds: 2 * (WINDOW_MS / 1000),
      });
      return;
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
  // Ten lost races in a row means this user is sending many turns at the same moment.
  throw tooMany(1, limit);
}

const tooMany = (seconds: number, limit: number) =>
  new AppError('rate_limited', `at most ${limit} chat messages a minute; try again in ${seconds} s`, {
    headers: { 'retry-after': String(seconds) },
  });
