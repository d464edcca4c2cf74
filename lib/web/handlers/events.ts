// GET /api/events: Server-Sent Events for the signed-in user (`ready`, `notification` with its cursor
// as `id:`, `task`, `resync`, `replay_failed`, a heartbeat comment every 15 s); Last-Event-ID resumes
// from notification-service. The stream itself lives in lib/web/event-stream.ts.
import { AppError, type NotificationPage } from '@/lib/contracts';
import { openEventStream } from '@/lib/web/event-stream';
import { hub } from '@/lib/web/hub';
import { type ApiRequest, currentUser, withErrors } from '@/lib/web/route';
import { notificationService } from '@/lib/web/services';

export const GET = withErrors(async (req: ApiRequest) => {
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
  // No await from the check above to hub.subscribe in openEventStream, so no other stream takes the slot.
  const stream = openEventStream({
    userId: user.id,
    lastEventId: req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId'),
    signal: req.signal,
    readAfter: async (userId, after, limit) =>
      (await notificationService<NotificationPage>('notifications', userId, { query: { after, limit } })).body,
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
