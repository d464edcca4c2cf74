// One user's live stream for GET /api/events: subscribed to the hub first, then resumed from the
// browser's Last-Event-ID by replaying the notifications it missed, de-duplicated by cursor.
import 'server-only';
import {
  AppError,
  type Notification,
  NotificationIdSchema,
  type ReplayFailedData,
  type ResyncData,
} from '@/lib/contracts';
import { log } from '@/lib/platform/log';
import { encodeFrame, hub, type Listener, type StreamEvent } from './hub';

/** Missed notifications sent on reconnect; a browser further behind is told to refetch instead. */
export const REPLAY_LIMIT = 100;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
const CONNECTED = encoder.encode(': connected\n\n');

/** Reads the user's notifications after a cursor, oldest first (notification-service in production). */
export type ReadAfter = (
  userId: string,
  cursor: string,
  limit: number,
) => Promise<{ items: Notification[]; nextCursor: string | null }>;

export type EventStreamOptions = {
  userId: string;
  /** The browser's Last-Event-ID (or its `lastEventId` query parameter), if any. */
  lastEventId: string | null;
  /** Aborts when the browser goes away. */
  signal: AbortSignal;
  readAfter: ReadAfter;
};

const SENT_IDS_KEPT = 1000;

/** Remembers an id, forgetting the oldest beyond SENT_IDS_KEPT (a Set iterates in insertion order). */
function remember(ids: Set<string>, id: string): void {
  ids.add(id);
  if (ids.size > SENT_IDS_KEPT) {
    const oldest = ids.values().next().value;
    if (oldest !== undefined) ids.delete(oldest);
  }
}

const resync = (reason: ResyncData['reason']): StreamEvent => ({ event: 'resync', data: { reason } });

/** What resuming from a cursor sends: the missed notifications, or the one event that says why not. */
async function resumeFrom(userId: string, cursor: string, readAfter: ReadAfter): Promise<StreamEvent[]> {
  if (!NotificationIdSchema.safeParse(cursor).success) return [resync('unknown_cursor')];
  try {
    const page = await readAfter(userId, cursor, REPLAY_LIMIT);
    if (page.nextCursor) return [resync('too_far_behind')];
    return page.items.map((n) => ({ event: 'notification', data: n, id: n.id }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return [resync('unknown_cursor')];
    log.warn({ err: error, userId, cursor }, 'SSE replay failed; the browser is told to refetch');
    const data: ReplayFailedData = { reason: 'unavailable' };
    return [{ event: 'replay_failed', data }];
  }
}

export function openEventStream({
  userId,
  lastEventId,
  signal,
  readAfter,
}: EventStreamOptions): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let isClosed = false;
      // Notification ids are in commit order per user, so the client has every id up to its cursor.
      const cursorAtStart =
        lastEventId && NotificationIdSchema.safeParse(lastEventId).success ? Number(lastEventId) : 0;
      let highestSent = cursorAtStart;
      // Ids sent on this stream: fan-out may deliver a user's notifications out of order, and one
      // below the highest sent is still news unless it was sent (live or replayed) already.
      const sentIds = new Set<string>();
      // Until the replay is written, live events wait here so the order stays by cursor.
      let pending: StreamEvent[] | null = lastEventId ? [] : null;

      const write = (e: StreamEvent, bytes = encodeFrame(e)) => {
        if (isClosed) return;
        if (e.event === 'notification' && e.id) {
          if (sentIds.has(e.id) || Number(e.id) <= cursorAtStart) return; // sent already
          remember(sentIds, e.id);
          if (Number(e.id) < highestSent) {
            // Late: sent without an `id:` line, so the browser's cursor stays at the highest id.
            controller.enqueue(encodeFrame({ event: e.event, data: e.data }));
            return;
          }
          highestSent = Number(e.id);
        }
        controller.enqueue(bytes);
      };
      const listener: Listener = {
        send: (e, bytes) => (pending ? pending.push(e) : write(e, bytes)),
        heartbeat: () => !isClosed && controller.enqueue(HEARTBEAT),
        close: () => cleanup(),
      };
      const unsubscribe = hub.subscribe(userId, listener);
      cleanup = () => {
        if (isClosed) return;
        isClosed = true;
        unsubscribe();
        try {
          controller.close();
        } catch {}
      };
      signal.addEventListener('abort', cleanup, { once: true });

      controller.enqueue(CONNECTED);
      write({ event: 'ready', data: { userId } });
      if (!lastEventId) return;
      resumeFrom(userId, lastEventId, readAfter)
        .then((events) => {
          for (const e of events) write(e);
          const queued = pending ?? [];
          pending = null;
          for (const e of queued) write(e);
        })
        .catch((error: unknown) => {
          log.error({ err: error, userId }, 'SSE stream failed while resuming; closing it');
          cleanup();
        });
    },
    cancel() {
      cleanup();
    },
  });
}
