// Chat turns per user per minute, counted in the state store so the limit holds across every web
// replica: the times of the user's recent turns (a sliding one-minute log, at most `limit` entries)
// in one key, updated under its ETag.
import 'server-only';
import { z } from 'zod';
import { AppError, CHAT_TURNS_PER_MINUTE, COMPONENTS } from '@/lib/contracts';
import { readState, retryOnConflict, StateConflictError, saveStateIfUnchanged } from '@/lib/dapr/state';

const WINDOW_MS = 60_000;
const ATTEMPTS = 10;
const LogSchema = z.object({ turns: z.array(z.number()) });

export const rateKey = (userId: string) => `chat-rate:${userId}`;

/** Counts one turn of the user, or throws a 429 AppError with Retry-After when the last minute is used up. */
export async function takeChatTurn(userId: string, now = Date.now(), limit = CHAT_TURNS_PER_MINUTE): Promise<void> {
  const key = rateKey(userId);
  try {
    await retryOnConflict(ATTEMPTS, async () => {
      const entry = await readState(COMPONENTS.statestore, key, LogSchema);
      const recent = (entry.value?.turns ?? []).filter((at) => at > now - WINDOW_MS);
      if (recent.length >= limit) {
        const oldest = Math.min(...recent);
        throw tooMany(Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)), limit);
      }
      // The key expires a minute after the last turn, so idle users leave nothing behind.
      await saveStateIfUnchanged(COMPONENTS.statestore, key, { turns: [...recent, now] }, entry.etag, {
        ttlSeconds: WINDOW_MS / 1000,
      });
    });
  } catch (error) {
    // Ten lost races in a row means this user is sending many turns at the same moment.
    throw error instanceof StateConflictError ? tooMany(1, limit) : error;
  }
}

const tooMany = (seconds: number, limit: number) =>
  new AppError('rate_limited', `at most ${limit} chat messages a minute; try again in ${seconds} s`, {
    headers: { 'retry-after': String(seconds) },
  });
