// GET /api/events: Server-Sent Events for the signed-in user: `ready`, `notification` (id: cursor),
// `task`, `resync`; a heartbeat comment every 15 s (one timer in the hub); Last-Event-ID replays from notification-service.
import type { NextRequest } from 'next/server';
import { AppError, type Notification, type NotificationPage } from '@/lib/contracts';
import { encodeFrame, hub, type Listener, type StreamEvent } from '@/lib/web/hub';
import { currentUser, withErrors } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

export const dynamic = 'force-dynamic';

const REPLAY_LIMIT = 100;
const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
const CONNECTED = encoder.encode(': connected\n\n');

/** Notifications after the cursor, or null when the cursor is unknown or too far behind. */
async function replayAfter(userId: string, cursor: string): Promise<Notification[] | null> {
  if (!/^\d{1,18}$/.test(cursor)) return null;
  try {
    const { body } = await notificationService<NotificationPage>('notifications', userId, {
      query: { after: cursor, limit: REPLAY_LIMIT },
    });
    return body.nextCursor ? null : body.items;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

const SENT_IDS_KEPT = 1000;

/** Remembers an id, forgetting the oldest beyond SENT_IDS_KEPT (a Set iterates in insertion order). */
function remember(ids: Set<string>, id: string): void {
  ids.add(id);
  if (ids.size > SENT_IDS_KEPT) {
    const oldest = ids.values().next().value;
    if (oldest !== undefined) ids.delete(oldest);
  }
}

export const GET = withErrors(async (req: NextRequest) => {
  const user = await currentUser(req);
  if (!user) throw new AppError('unauthorized', 'sign in to receive events');
  const refusal = hub.refusal(user.id);
  if (refusal) {
    const wait = refusal.reason === 'user' ? 30 : 10;
    const detail =
      refusal.reason === 'user'
        ? `you have ${refusal.limit} live-update streams open, the most allowed; close a tab or try again in ${wait} s`
        : `this server holds the most live-update streams it allows; try again in ${wait} s`;
    throw new AppError('rate_limited', detail, { headers: { 'retry-after': String(wait) } });
  }
  // No await from the check above to hub.subscribe in start(), so no other stream takes the slot in between.
  const lastEventId = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId');

  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let isClosed = false;
      // Notification ids are in commit order per user, so the client has every id up to its cursor.
      const cursorAtStart = lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : 0;
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
      const unsubscribe = hub.subscribe(user.id, listener);
      cleanup = () => {
        if (isClosed) return;
        isClosed = true;
        unsubscribe();
        try {
          controller.close();
        } catch {}
      };
      req.signal.addEventListener('abort', cleanup, { once: true });

      controller.enqueue(CONNECTED);
      write({ event: 'ready', data: { userId: user.id } });
      if (lastEventId) {
        const replay = await replayAfter(user.id, lastEventId).catch(() => null);
        if (replay === null) write({ event: 'resync', data: { reason: 'unknown cursor' } });
        else for (const n of replay) write({ event: 'notification', data: n, id: n.id });
        const queued = pending ?? [];
        pending = null;
        for (const e of queued) write(e);
      }
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});
