// Deliveries from web's sidecar through `pubsub-fanout`: every replica gets every event and
// pushes it to the open streams of its user. Losing one loses no data: SSE replay reads the store.
import { timingSafeEqual } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { EVENT_TYPES, HEADERS, TOPICS } from '@/lib/contracts';
import { handleDelivery } from '@/lib/service-kit/subscriber';
import { webConfig } from '@/lib/web/env';
import { hub } from '@/lib/web/hub';

function isFromSidecar(req: NextRequest): boolean {
  const token = Buffer.from(req.headers.get(HEADERS.appApiToken) ?? '');
  const expected = Buffer.from(webConfig().APP_API_TOKEN);
  return token.length === expected.length && timingSafeEqual(token, expected);
}

// POST /api/internal/fanout/{topic}: sidecar deliveries (task-events, notifications)
export async function POST(req: NextRequest, ctx: { params: Promise<{ topic: string }> }): Promise<Response> {
  if (!isFromSidecar(req)) return new Response(null, { status: 401 });
  const { topic } = await ctx.params;
  const body: unknown = await req.json().catch(() => null);
  if (topic === TOPICS.taskEvents) {
    return Response.json(
      await handleDelivery(topic, body, async (_id, event) => {
        const taskId = event.type === EVENT_TYPES.taskDeleted ? event.data.taskId : event.data.task.id;
        hub.publish(event.data.userId, { event: 'task', data: { type: event.type, taskId } });
        return 'SUCCESS';
      }),
    );
  }
  if (topic === TOPICS.notifications) {
    return Response.json(
      await handleDelivery(topic, body, async (_id, { data }) => {
        hub.publish(data.userId, { event: 'notification', data: data.notification, id: data.notification.id });
        return 'SUCCESS';
      }),
    );
  }
  return Response.json({ status: 'DROP' });
}
